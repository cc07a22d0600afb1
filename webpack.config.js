/**
 * Builds the task pane (and the browser preview) into dist/.
 *
 *   npm run build                                  task pane for https://localhost:3000/
 *   npm run build -- --env url=https://HOST/PATH/  production: dist/manifest.xml points there
 *   npm run build -- --env intranet                office.js served from the add-in's own origin
 *   npm run dev-server                             https://localhost:3000 with office-addin-dev-certs
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * What an Excel task pane needs of @microsoft/office-js when served from the add-in's own
 * origin: the loader, its host table, Excel's host scripts and the Chinese and English strings.
 * The telemetry scripts are left out.
 */
const OFFICE_JS_DIR = path.join(__dirname, 'node_modules/@microsoft/office-js/dist');
const OFFICE_JS_FILES = ['office.js', 'o15apptofilemappingtable.js', 'excel-*.js', 'zh-cn/**', 'zh-tw/**', 'en-us/**'];

function csp(intranet, preview) {
  const officeOrigin = intranet || preview ? '' : ' https://appsforoffice.microsoft.com';
  return [
    "default-src 'self'",
    `script-src 'self'${officeOrigin}`,
    // Fluent UI (Griffel) inserts its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-src 'self'${officeOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === 'development';
  const intranet = Boolean(env.intranet);
  const url = env.url ? String(env.url).replace(/\/?$/, '/') : DEV_URL;
  const config = {
    mode: dev ? 'development' : 'production',
    devtool: dev ? 'source-map' : false,
    entry: {
      taskpane: './src/taskpane/index.tsx',
      preview: './src/preview/index.tsx',
      // The checker page for staff without the add-in (dist/check.html; also opened as a local file).
      checker: './src/checker/index.tsx',
      // Stands in for office.js in the benchmark and the end-to-end tests; no page includes it.
      'fake-office': './src/preview/fake-office.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'ts-loader',
          exclude: /node_modules/,
          options: { transpileOnly: true, compilerOptions: { module: 'esnext', moduleResolution: 'bundler', sourceMap: dev } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        templateParameters: { officeJs: intranet ? 'office-js/office.js' : OFFICE_CDN, csp: csp(intranet, false) },
      }),
      new HtmlWebpackPlugin({
        filename: 'preview.html',
        template: './src/preview/preview.html',
        chunks: ['preview'],
        templateParameters: { csp: csp(true, true) },
      }),
      // Classic deferred scripts and relative chunk URLs ('auto' public path, JSONP chunks): what
      // a page opened from file:// may load. No module scripts, no service worker.
      new HtmlWebpackPlugin({
        filename: 'check.html',
        template: './src/checker/checker.html',
        chunks: ['checker'],
        scriptLoading: 'defer',
        templateParameters: { csp: csp(true, true) },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          { from: 'src/taskpane/help.html', to: 'help.html' },
          // Copied as written (ES5), never through the TypeScript loader: it must parse in IE11.
          { from: 'src/taskpane/guard.js', to: 'guard.js', info: { minimized: true } },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => content.toString().replaceAll(DEV_URL, url),
          },
          ...(intranet ? OFFICE_JS_FILES.map((from) => ({ from, context: OFFICE_JS_DIR, to: 'office-js/', globOptions: { ignore: ['**/*.debug.js'] }, info: { minimized: true } })) : []),
        ],
      }),
    ],
  };
  if (dev) {
    let https = {};
    try {
      const devCerts = require('office-addin-dev-certs');
      https = await devCerts.getHttpsServerOptions();
    } catch (error) {
      console.warn(`未能取得开发证书（office-addin-dev-certs）：${error.message}`);
    }
    config.devServer = {
      port: 3000,
      server: { type: 'https', options: https },
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
    };
  }
  return config;
};
