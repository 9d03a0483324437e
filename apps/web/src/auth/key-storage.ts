const KEY = 'loop.apiKey';

/**
 * Where the API key lives in the browser: sessionStorage by default (gone when the tab closes), or
 * localStorage when the person asked to be remembered on this device. Never in the URL or the bundle.
 */
export const keyStorage = {
  read(): string | null {
    return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  },
  write(key: string, remember: boolean): void {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(KEY, key);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  },
};
