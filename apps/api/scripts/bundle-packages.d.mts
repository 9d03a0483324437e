import type { Metafile, Plugin } from 'esbuild';

export declare const inlinedPackages: string[];
export declare function externalPackages(dependencies: Record<string, string>): string[];
export declare const zodEnglishOnly: Plugin;
export declare function asciiOnly(text: string): string;
export declare function staticAndLazyModules(metafile: Metafile, entryPath: string, cwd: string): { atStart: Set<string>; lazy: Set<string> };
export declare function loadedWithTheEntry(modules: { atStart: Set<string>; lazy: Set<string> }): Plugin;
export declare const cuid2WithoutDefaultGenerator: Plugin;
