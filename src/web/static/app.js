// Drawing a rectangle per child on the tagging screen. Without script the
// region fields can still be typed as "x,y,w,h" fractions of the picture.
(function () {
  "use strict";
  var stage = document.querySelector(".stage");
  if (!stage) { return; }
  var img = stage.querySelector("img");
  var canvas = document.createElement("canvas");
  stage.appendChild(canvas);
  var ctx = canvas.getContext("2d");
  var start = null;
  var current = null;

  function active() {
    var chosen = document.querySelector("input[name=draw_for]:checked");
    return chosen ? chosen.value : null;
  }
  function field(child) { return document.querySelector("input[name='region_" + child + "']"); }
  function size() {
    canvas.width = img.clientWidth; canvas.height = img.clientHeight;
    redraw();
  }
  function redraw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    document.querySelectorAll("input.region").forEach(function (f) {
      var p = f.value.split(",").map(Number);
      if (p.length !== 4 || p.some(isNaN)) { return; }
      ctx.strokeStyle = "#2450a6"; ctx.lineWidth = 3;
      ctx.strokeRect(p[0] * canvas.width, p[1] * canvas.height, p[2] * canvas.width, p[3] * canvas.height);
      ctx.fillStyle = "#2450a6"; ctx.font = "14px sans-serif";
      ctx.fillText(f.dataset.child, p[0] * canvas.width + 4, p[1] * canvas.height + 16);
    });
    document.querySelectorAll("input.facebox").forEach(function (f) {
      var p = f.dataset.rect.split(",").map(Number);
      ctx.strokeStyle = "#f2b400"; ctx.lineWidth = 3; ctx.setLineDash([4, 3]);
      ctx.strokeRect(p[0] * canvas.width, p[1] * canvas.height, p[2] * canvas.width, p[3] * canvas.height);
      ctx.setLineDash([]);
      ctx.fillStyle = "#f2b400"; ctx.font = "bold 16px sans-serif";
      ctx.fillText(f.dataset.n, p[0] * canvas.width + 3, p[1] * canvas.height - 4 > 12 ? p[1] * canvas.height - 4 : p[1] * canvas.height + 16);
    });
    if (current) {
      ctx.strokeStyle = "#b3261e"; ctx.setLineDash([6, 4]);
      ctx.strokeRect(current[0], current[1], current[2], current[3]);
      ctx.setLineDash([]);
    }
  }
  function pos(e) {
    var r = canvas.getBoundingClientRect();
    return [Math.min(Math.max(e.clientX - r.left, 0), r.width), Math.min(Math.max(e.clientY - r.top, 0), r.height)];
  }
  canvas.addEventListener("pointerdown", function (e) {
    if (!active()) { return; }
    start = pos(e); canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!start) { return; }
    var p = pos(e);
    current = [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.abs(p[0] - start[0]), Math.abs(p[1] - start[1])];
    redraw();
  });
  canvas.addEventListener("pointerup", function () {
    var child = active();
    if (start && current && child && current[2] > 4 && current[3] > 4) {
      var w = canvas.width, h = canvas.height;
      var f = field(child);
      if (f) {
        f.value = [current[0] / w, current[1] / h, current[2] / w, current[3] / h].map(function (v) { return v.toFixed(4); }).join(",");
      }
    }
    start = null; current = null; redraw();
  });
  document.querySelectorAll("input.region").forEach(function (f) { f.addEventListener("input", redraw); });
  if (img.complete) { size(); } else { img.addEventListener("load", size); }
  window.addEventListener("resize", size);
})();
