/* storycut chat widget: include with
 *   <script src="https://YOUR-STORYCUT-HOST/widget.js" async></script>
 * It adds a floating button that opens storycut's /embed chat in a panel. The storycut server
 * must allow your site with --allow-origin https://your.site (it refuses to be framed otherwise). */
(function () {
  "use strict";
  if (window.__storycutWidget) return;
  window.__storycutWidget = true;
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var origin = new URL(script.src, location.href).origin;
  var button = document.createElement("button");
  var panel = document.createElement("div");
  var frame = null;
  button.id = "storycut-widget-button";
  button.type = "button";
  button.setAttribute("aria-label", "Open the storycut chat");
  button.textContent = "\u2702 storycut";
  button.style.cssText = "position:fixed;right:20px;bottom:20px;z-index:2147483646;border:0;border-radius:24px;" +
    "padding:12px 18px;font:600 15px system-ui,sans-serif;color:#fff;background:#ea580c;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)";
  panel.id = "storycut-widget-panel";
  panel.style.cssText = "position:fixed;right:20px;bottom:76px;z-index:2147483647;width:min(440px,calc(100vw - 40px));" +
    "height:min(640px,calc(100vh - 100px));display:none;border-radius:12px;overflow:hidden;background:#fff;" +
    "box-shadow:0 8px 30px rgba(0,0,0,.3)";
  button.addEventListener("click", function () {
    var open = panel.style.display === "none";
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.id = "storycut-widget-frame";
      frame.title = "storycut chat";
      frame.src = origin + "/embed/";
      frame.allow = "autoplay; fullscreen";
      frame.style.cssText = "width:100%;height:100%;border:0";
      panel.appendChild(frame);
    }
    panel.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
  });
  function mount() { document.body.appendChild(panel); document.body.appendChild(button); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
