// Imports mapped here fail to type-check: see the "paths" of each runtime's tsconfig.
export type ThisModuleIsNotAllowedInThisFolder = never
