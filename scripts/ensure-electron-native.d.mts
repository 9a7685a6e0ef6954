// Types for the pure parts of ensure-electron-native.mjs, so tests can import them under strict TS.
export declare const TIMEOUTS_MS: { electronDownload: number; prebuild: number; compile: number }
export declare function electronVersion(root: string): string | null
export declare function bindingPath(root: string, version: string): string
export declare function electronBinaryPresent(root: string, env?: Record<string, string | undefined>): boolean
export declare function setupLogPath(root: string): string
export declare function causeIn(output: string): string | null
export declare function prebuildArgs(version: string, arch: string): string[]
export declare function nodeGypArgs(version: string, arch: string): string[]
export declare function nodeGypCandidates(env: Record<string, string | undefined>, execPath: string): string[]
export declare function buildEnv(env: Record<string, string | undefined>): Record<string, string | undefined>
export declare function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string | undefined>; logFile?: string }
): Promise<{ ok: true } | { ok: false; reason: string }>
export declare function main(root?: string, arch?: string): Promise<number>
