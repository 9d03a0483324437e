export declare const inlinedPackages: string[];
export declare function externalPackages(dependencies: Record<string, string>): string[];
export declare const zodEnglishOnly: import('esbuild').Plugin;
export declare function asciiOnly(text: string): string;
