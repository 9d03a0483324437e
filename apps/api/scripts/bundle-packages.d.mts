import type { Plugin } from 'esbuild';

export declare const inlinedPackages: string[];
export declare function externalPackages(dependencies: Record<string, string>): string[];
export declare const zodEnglishOnly: Plugin;
export declare function asciiOnly(text: string): string;
