/** @type {import('prettier').Config} */
// The OCA's prettier settings for 19.0 (its addons-repo template). The plugin
// is resolved here, through NODE_PATH, because pre-commit installs prettier and
// the plugin in an environment of its own, outside the repository.
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
    // Odoo's and the OCA's files are indented by 4 (their .editorconfig)...
    tabWidth: 4,
    // ...except data formats, by 2.
    overrides: [{files: "*.{json,yml,yaml,md}", options: {tabWidth: 2}}],
};

module.exports = config;
