/* ssg serve: live reload (injected into served pages only; see ssg/livereload.py). */
(function () {
  "use strict";
  var served = window.__ssgServed, key = "ssg-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var y = +saved;
      var restore = function () { window.scrollTo(0, y); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) {}
  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var matched = [];
    links.forEach(function (link) {
      var path = new URL(link.href, location.href).pathname;
      if (!paths.length || paths.some(function (p) { return path.endsWith(p); })) matched.push(link);
    });
    if (!matched.length) matched = Array.prototype.slice.call(links);
    matched.forEach(function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("ssg-reload", Date.now());
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { fresh.remove(); });
      link.after(fresh);
    });
  }
  function overlay(errors) {
    var box = document.getElementById("ssg-error-overlay");
    if (!errors || !errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "ssg-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.92);color:#ffd7d7;padding:2rem;" +
        "font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      document.documentElement.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("div");
    title.style.cssText = "color:#fff;font-weight:700;margin-bottom:1rem";
    title.textContent = "ssg: the last build failed; this page shows the last good build";
    box.appendChild(title);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = errors.join("\n");
    box.appendChild(pre);
  }
  function handle(message) {
    if (message.type === "hello") {
      if (message.server !== served.server || message.epoch !== served.epoch) {
        if (!(message.errors && message.errors.length)) return reload();
      }
      overlay(message.errors);
    } else if (message.type === "reload") {
      return reload();
    } else if (message.type === "css") {
      overlay([]);
      swapStylesheets(message.paths || []);
    } else if (message.type === "errors") {
      overlay(message.errors);
    } else if (message.type === "ok") {
      overlay([]);
    }
    if (message.epoch !== undefined) served.epoch = message.epoch;  // this page is current
  }

  // One tab (the holder of a Web Lock) keeps the event stream open and relays every message
  // to the other tabs over a BroadcastChannel: a browser opens only six connections to one
  // host, and a stream per tab would stall page loads once six tabs are open.
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("ssg-livereload") : null;
  var latest = null;  // the leader's view: {server, epoch, errors}
  function connect() {
    var source = new EventSource("/__ssg/events");
    source.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "hello") {
        latest = {server: message.server, epoch: message.epoch, errors: message.errors || []};
      } else if (latest) {
        latest.epoch = message.epoch;
        latest.errors = message.type === "errors" ? message.errors : [];
      }
      if (channel) channel.postMessage(message);
      handle(message);
    };
  }
  if (channel && navigator.locks) {
    channel.onmessage = function (event) {
      var message = event.data;
      if (message.type === "ask") {
        if (latest) channel.postMessage({type: "hello", server: latest.server,
                                         epoch: latest.epoch, errors: latest.errors});
      } else {
        handle(message);
      }
    };
    navigator.locks.request("ssg-livereload", function () {
      connect();
      return new Promise(function () {});  // held until this tab goes away
    });
    channel.postMessage({type: "ask"});  // a follower learns the current state
  } else {
    connect();
  }
})();
