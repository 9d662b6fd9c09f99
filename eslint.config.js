// ESLint flat config: typescript-eslint's recommended rules, a few type-aware rules where they are cheap, and the
// architecture written down as import boundaries (who may import whom). Prettier owns the layout; `npm run lint` runs both.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import {createNodeResolver, importX} from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

// Folders of one domain each (a kind of change, or one feature's data): pure planners, readers and services. Some do not
// exist yet; a glob that matches nothing costs nothing.
const DOMAIN_FOLDERS = [
  'concurrency',
  'scaling',
  'layers',
  'destinations',
  'triggers',
  'metrics',
  'alarms',
  'recommend',
  'dashboard',
  'input',
  'impact',
  'advise',
  'memory',
]
// The layers under the domains: they serve every command and never reach up into the presentation either.
const CORE_FOLDERS = ['apply', 'aws', 'select', 'fleet']

// A relative import into one of the named folders of src/: '../ui/table.js', '../../commands/x.js', or './sandbox/x.js'
// from a file at the top of src/. Matching the specifier (not the resolved path) keeps the rule cheap; a folder of the
// same name deeper down would be a false alarm, and none exists.
const into = (...folders) => `^(\\./|(\\.\\./)+)(${folders.join('|')})/`

const SANDBOX = {
  regex: into('sandbox'),
  message: 'Only the sandbox command imports src/sandbox: the sandbox is the AWS stand-in the end-to-end tests trust, the product never reaches into it.',
}
const UI_OR_COMMANDS = {
  regex: `^(\\./|(\\.\\./)+)(commands|ui)/`,
  message: 'Domain and core code returns data; rendering lives in src/ui and flag parsing in src/commands, which import it, not the other way.',
}
const AWS_SDK_VALUES = {
  regex: '^@aws-sdk/',
  allowTypeImports: true,
  message: 'Commands make no AWS calls: a service in the domain folder does, through the client factory in src/aws/aws-context.ts. Types are fine.',
}

// no-restricted-imports does not look at import(): these selectors apply the same boundary to lazy imports.
// (esquery regexes cannot hold a slash, hence \x2F.)
const dynamicImport = (regex, message) => ({selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message})

// In flat config the last block that sets a rule wins for a file, so each block below lists every boundary of its folder.
const boundaries = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', {patterns}],
  'no-restricted-syntax': ['error', ...patterns.map(({regex, message}) => dynamicImport(regex, message))],
})

const SOURCE = '**/*.{ts,tsx}'
const under = (folders) => folders.map((folder) => `src/${folder}/${SOURCE}`)

// The sandbox imports nothing of lx outside src/sandbox. The depth of a file decides how many '../' leave the folder.
const sandboxBlocks = [1, 2, 3, 4, 5].map((depth) => ({
  files: [`src/sandbox/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
  rules: boundaries({
    regex: `^(\\.\\./){${depth}}`,
    message: 'src/sandbox imports nothing of lx: it is the independent oracle the end-to-end tests compare lx with.',
  }),
}))

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'tmp/', '.lx-home/']},
  // An eslint-disable comment that no longer disables anything is an error, so stale ones do not pile up.
  {linterOptions: {reportUnusedDisableDirectives: 'error'}},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        // Node globals used by the code; listed instead of pulling in the `globals` package.
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    plugins: {'import-x': importX},
    settings: {
      // import-x reads the imported files to follow cycles: it must know that .ts/.tsx are code and how to parse them.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': {'@typescript-eslint/parser': ['.ts', '.tsx']},
      // The code imports './x.js' for './x.ts' (NodeNext): the resolver maps the extension back to the source.
      'import-x/resolver-next': [
        createNodeResolver({extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.node'], extensionAlias: {'.js': ['.ts', '.tsx', '.js']}}),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Loops that await one step at a time are usually a missed Promise.all; the deliberate ones say why.
      'no-await-in-loop': 'error',
      // 'l' is V8's linear-time regexp engine (--enable-experimental-regexp-engine), which name patterns use when it is on.
      'no-invalid-regexp': ['error', {allowConstructorFlags: ['l']}],
      // `let {code, status, message} = error` where only some are reassigned reads better than two declarations.
      'prefer-const': ['error', {destructuring: 'all'}],
      // The kind-generic seams (ChangeHandler<any>, a plan's before/after states) and the AWS wire fixtures use any on
      // purpose today; typing the apply reports is a change of its own. Turn this on once no such any is left.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],
    },
  },
  // Type-aware rules, only those that catch real bugs cheaply (a promise nobody waits for).
  {
    files: ['{src,test}/**/*.{ts,tsx}'],
    languageOptions: {parserOptions: {project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname}},
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Import boundaries of src/: later blocks narrow earlier ones.
  {files: [`src/${SOURCE}`], rules: boundaries(SANDBOX)},
  {files: under([...DOMAIN_FOLDERS, ...CORE_FOLDERS]), rules: boundaries(SANDBOX, UI_OR_COMMANDS)},
  {files: [`src/commands/${SOURCE}`], rules: boundaries(SANDBOX, AWS_SDK_VALUES)},
  {files: ['src/commands/sandbox.ts'], rules: boundaries(AWS_SDK_VALUES)},
  ...sandboxBlocks,
  // A test is a script of steps: awaiting one after another is the point. Its regexps match aligned table output, where
  // two spaces written as two spaces read better than ' {2}'.
  {
    files: ['test/**/*.{ts,tsx,mjs}'],
    rules: {'no-await-in-loop': 'off', 'no-regex-spaces': 'off'},
  },
  prettier,
  // After eslint-config-prettier, which turns max-len off: Prettier wraps code, but not long strings and comments.
  // A regexp literal or a URL stays whole: cut in two, it is harder to read than long.
  {rules: {'max-len': ['error', {code: 160, ignoreUrls: true, ignoreRegExpLiterals: true}]}},
)
