// Lint keeps the runtimes apart (VS Code's layering rule, GitHub Desktop's IPC ban) and the tests honest.
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'stream', 'url', 'util', 'worker_threads']

const ban = (patterns, message) => ({ group: patterns, message })

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.electron-native/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ban(nodeBuiltins, 'shared/ runs in every process: no Node built-ins.'),
        ban(['electron', 'react', 'react-dom', 'zustand'], 'shared/ imports neither Electron nor UI code.'),
        ban(['**/electron/**', '**/renderer/**'], 'shared/ depends on nothing but itself and zod.')
      ] }]
    }
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ban(['electron'], 'The core runs under plain Node: keep electron imports in electron/main and electron/preload.'),
        ban(['**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'], 'The core must not depend on the Electron glue or the UI.')
      ] }]
    }
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ban(['electron', ...nodeBuiltins], 'The renderer is a sandboxed web page: no Electron, no Node.'),
        ban(['**/electron/**'], 'The renderer reaches the core only through renderer/src/api and the contract.')
      ] }],
      'no-restricted-globals': ['error', { name: 'require', message: 'No CommonJS in the renderer.' }]
    }
  },
  {
    // The composition root builds every service from what is built above it: a `!` or a closure
    // reading a service declared further down is a dependency cycle in disguise (split it instead).
    files: ['electron/core/core.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-use-before-define': ['error', { functions: false, classes: true, variables: true, typedefs: false }]
    }
  },
  {
    // Only the IPC layer touches ipcMain / ipcRenderer / webContents.send.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use electron/main/ipc/.' }] }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
        message: 'Send events through electron/main/ipc/.'
      }]
    }
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: 'No .only in committed tests.' },
        { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='skip']", message: 'No skipped tests: use skipIf with a printed reason for missing hardware.' }
      ]
    }
  }
)
