// Types of third-party-notices.mjs, for the packaging test.
export declare const NOTICES: string;
export declare function bundledPackages(dist: string): Map<string, string>;
export declare function noticesFor(packageName: string, bundled: Map<string, string>): string;
