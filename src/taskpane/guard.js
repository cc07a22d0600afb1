/*
 * The task pane's guard, in ES5 on purpose: it runs before office.js and the pane's bundle in
 * every webview, including those that cannot run the bundle (Internet Explorer 11 in Office
 * 2016/2019 volume-licensed, EdgeHTML in Office 2016/2019 retail, old Safari on a Mac). There
 * it replaces "正在加载…" with a Chinese message saying what to do, instead of a blank pane.
 *
 *   - IE11 and EdgeHTML are recognised at once (document.documentMode, "Edge/" in the user agent);
 *   - any other webview where the bundle cannot start (a syntax error: the bundle never sets
 *     window.nianbaoStarted) gets the same message when the page has loaded;
 *   - an error before the pane has drawn itself (window.nianbaoReady) gets it too, with the error.
 *
 * No inline script and no eval: the page's Content-Security-Policy stays as it is.
 */
(function () {
  var ua = navigator.userAgent || '';
  var oldWebview = Boolean(document.documentMode) || /\bEdge\/\d+/.test(ua) || /\bTrident\//.test(ua);

  function text(tag, content, style) {
    var node = document.createElement(tag);
    node.appendChild(document.createTextNode(content));
    if (style) node.setAttribute('style', style);
    return node;
  }

  var shown = false;
  function show(reason) {
    if (shown) return;
    shown = true;
    window.nianbaoGuardShown = true;
    var root = document.getElementById('root') || document.body;
    while (root.firstChild) root.removeChild(root.firstChild);
    var box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.setAttribute('id', 'nianbao-guard');
    box.setAttribute('style', 'padding:12px;font-size:14px;line-height:1.6;color:#242424');
    box.appendChild(text('h1', '此版本的 Office 无法运行本加载项', 'font-size:16px;margin:0 0 8px'));
    box.appendChild(text('p', reason, 'margin:0 0 8px'));
    box.appendChild(text('p', '可以运行本加载项的 Excel：', 'margin:0;font-weight:bold'));
    var list = document.createElement('ul');
    list.setAttribute('style', 'margin:4px 0 8px;padding-left:20px');
    var lines = [
      'Microsoft 365 订阅版（2101 及以后版本，Windows 上需已安装 Microsoft Edge WebView2 运行时）；',
      'Office 2021、Office 2024 及以后的版本；',
      'Mac 上的 Excel（macOS 13.3 及以后，Safari 16.4 及以后）；',
      '网页版 Excel（在 Edge、Chrome、Firefox 或 Safari 中打开）。',
    ];
    for (var i = 0; i < lines.length; i++) list.appendChild(text('li', lines[i]));
    box.appendChild(list);
    box.appendChild(
      text(
        'p',
        'Office 2016、Office 2019 用的是 Internet Explorer 或旧版 Edge 的内核，无法运行。Microsoft 365 订阅版请安装 WebView2 运行时' +
          '（在微软网站搜索“WebView2 Runtime”，内网电脑请信息中心用离线安装包“Evergreen Standalone Installer”安装），然后重新打开 Excel。',
        'margin:0 0 8px'
      )
    );
    box.appendChild(
      text(
        'p',
        '在此之前：照常在模板工作簿中填写，再用与本加载项放在一起的离线校验页 check.html（用浏览器打开即可，不需要安装）或命令行工具 nianbao 校验、导出报告。',
        'margin:0'
      )
    );
    root.appendChild(box);
  }

  if (oldWebview) {
    // Said at once, so that the pane's bundle (where it runs at all) does not draw itself.
    window.nianbaoBlocked = true;
    var draw = function () {
      show('本机的 Office 用 Internet Explorer 或旧版 Edge（EdgeHTML）显示加载项，它们不支持本加载项用到的网页技术。');
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
    else draw();
    return;
  }

  // A syntax error in the pane's own scripts (a webview older than the bundle's JavaScript).
  window.addEventListener('error', function (event) {
    var message = (event && event.message) || '';
    var syntax = (event && event.error && event.error.name === 'SyntaxError') || /SyntaxError|Unexpected token|Invalid regular expression/i.test(message);
    if (window.nianbaoReady || !syntax) return;
    show('加载项没能启动（' + message + '）：这个 Office 的网页内核版本过旧。');
  });
  window.addEventListener('load', function () {
    if (!window.nianbaoStarted) show('加载项的脚本没能在这个 Office 的网页内核中运行：它的版本过旧。');
  });
})();
