// The tagging screen's quick ways: tap a numbered face box, then the child
// (the face's drop-down and the child's button are set together); search
// the children as you type; keys; zoom; drawing a box by hand. Everything
// here only fills in the form: without script the same form posts, with
// a drop-down per face and a text field per region.
(function () {
  "use strict";

  // Search as you type, on every page with child buttons (tagging, bulk).
  document.querySelectorAll("input.findchild").forEach(function (box) {
    var scope = box.closest("fieldset") || document;
    box.closest(".find").hidden = false;
    function filter() {
      var q = box.value.trim().toLowerCase();
      scope.querySelectorAll("label.child").forEach(function (l) {
        l.hidden = q !== "" && l.dataset.find.indexOf(q) === -1;
      });
      scope.querySelectorAll(".room").forEach(function (r) {
        r.hidden = !r.querySelector("label.child:not([hidden])");
      });
    }
    box.addEventListener("input", filter);
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") { return; }
      e.preventDefault();
      var shown = scope.querySelectorAll("label.child:not([hidden]) input");
      if (shown.length === 1) {
        shown[0].click();
        box.value = "";
        filter();
      }
    });
  });

  var form = document.getElementById("tagform");
  var stage = document.querySelector(".stage");
  if (!form || !stage) { return; }
  var img = stage.querySelector("img.photo");
  var boxes = Array.prototype.slice.call(stage.querySelectorAll("button.facebox"));
  var active = null;

  function select(n) { return form.querySelector("select[name='face_" + n + "']"); }
  function notFace(n) { return form.querySelector("input[name='not_face_" + n + "']"); }
  function childBox(id) { return form.querySelector("input[name=child][value='" + id + "']"); }
  function nameOf(id) {
    var l = form.querySelector("label.child:has(input[value='" + id + "'])");
    return l ? l.dataset.name : id;
  }

  // Each box shows its number and, once chosen, whose face it is.
  function paint() {
    boxes.forEach(function (b) {
      var n = b.dataset.n;
      var s = select(n);
      var who = s && s.value ? nameOf(s.value) : "";
      var dismissed = notFace(n) && notFace(n).checked;
      b.querySelector(".n").textContent = who ? n + " · " + who : dismissed ? n + " · not a child" : n;
      b.classList.toggle("chosen", !!who);
      b.classList.toggle("dismissed", !!dismissed);
      b.setAttribute("aria-pressed", b === active ? "true" : "false");
      b.setAttribute("aria-label", "Face " + n + (who ? ": " + who : dismissed ? ": not a child" : ""));
    });
  }

  function activate(b) {
    active = active === b ? null : b;
    paint();
  }

  boxes.forEach(function (b) {
    var r = b.dataset.rect.split(",").map(Number);
    b.style.left = (r[0] * 100) + "%";
    b.style.top = (r[1] * 100) + "%";
    b.style.width = (r[2] * 100) + "%";
    b.style.height = (r[3] * 100) + "%";
    b.hidden = false;
    b.addEventListener("click", function () { activate(b); });
  });

  // A child tapped while a face is active: that face is this child.
  form.querySelectorAll("input[name=child]").forEach(function (c) {
    c.addEventListener("change", function () {
      if (active) {
        var n = active.dataset.n;
        select(n).value = c.value;
        if (notFace(n)) { notFace(n).checked = false; }
        c.checked = true;
        active = null;
      } else if (!c.checked) {
        // Unticking a child frees the faces given to them.
        boxes.forEach(function (b) {
          var s = select(b.dataset.n);
          if (s.value === c.value) { s.value = ""; }
        });
      }
      var nobody = form.querySelector("input[name=nobody]");
      if (c.checked && nobody) { nobody.checked = false; }
      paint();
    });
  });

  form.querySelectorAll("select[name^=face_]").forEach(function (s) {
    s.addEventListener("change", function () {
      if (s.value) {
        var c = childBox(s.value);
        if (c) { c.checked = true; }
        if (notFace(s.dataset.n)) { notFace(s.dataset.n).checked = false; }
      }
      paint();
    });
  });
  form.querySelectorAll("input[name^=not_face_]").forEach(function (x) {
    x.addEventListener("change", function () {
      if (x.checked) { select(x.dataset.n).value = ""; }
      paint();
    });
  });

  // Zoom: the photo at twice the width, scrolled inside its frame; the
  // face boxes scale with it.
  var zoom = stage.querySelector("button.zoom");
  if (zoom && img) {
    zoom.hidden = false;
    zoom.addEventListener("click", function () {
      var on = stage.classList.toggle("zoomed");
      zoom.setAttribute("aria-pressed", on ? "true" : "false");
      zoom.textContent = on ? "Zoom out" : "Zoom in";
      size();
    });
  }

  // Keys, except while typing in a field.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
        (t.tagName === "INPUT" && !/^(checkbox|radio|button|submit)$/.test(t.type)))) { return; }
    var k = e.key.toLowerCase();
    if (/^[1-9]$/.test(k) && boxes[Number(k) - 1]) {
      e.preventDefault();
      activate(boxes[Number(k) - 1]);
    } else if (k === "s") {
      e.preventDefault();
      form.querySelector("button[value=next]").click();
    } else if (k === "n") {
      e.preventDefault();
      form.querySelector("button[value=nobody]").click();
    } else if (k === "z" && zoom) {
      e.preventDefault();
      zoom.click();
    } else if (k === "escape" && active) {
      active = null;
      paint();
    }
  });

  // Drawing a box by hand for the child chosen under "Mark where a child
  // is": the canvas takes the pointer only while a child is chosen there.
  var frame = stage.querySelector(".frame");
  var canvas = document.createElement("canvas");
  frame.appendChild(canvas);
  var ctx = canvas.getContext("2d");
  var start = null;
  var current = null;

  function drawFor() {
    var chosen = form.querySelector("input[name=draw_for]:checked");
    return chosen ? chosen.value : null;
  }
  function field(child) { return form.querySelector("input[name='region_" + child + "']"); }
  function size() {
    if (!img) { return; }
    canvas.width = img.clientWidth; canvas.height = img.clientHeight;
    redraw();
  }
  function redraw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    form.querySelectorAll("input.region").forEach(function (f) {
      var p = f.value.split(",").map(Number);
      if (p.length !== 4 || p.some(isNaN)) { return; }
      ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 6;
      ctx.strokeRect(p[0] * canvas.width, p[1] * canvas.height, p[2] * canvas.width, p[3] * canvas.height);
      ctx.strokeStyle = "#1d3f8f"; ctx.lineWidth = 3;
      ctx.strokeRect(p[0] * canvas.width, p[1] * canvas.height, p[2] * canvas.width, p[3] * canvas.height);
      ctx.fillStyle = "#1d3f8f"; ctx.font = "bold 16px sans-serif";
      ctx.fillText(f.dataset.child, p[0] * canvas.width + 6, p[1] * canvas.height + 20);
    });
    if (current) {
      ctx.strokeStyle = "#b3261e"; ctx.lineWidth = 3; ctx.setLineDash([6, 4]);
      ctx.strokeRect(current[0], current[1], current[2], current[3]);
      ctx.setLineDash([]);
    }
  }
  function pos(e) {
    var r = canvas.getBoundingClientRect();
    return [Math.min(Math.max(e.clientX - r.left, 0), r.width), Math.min(Math.max(e.clientY - r.top, 0), r.height)];
  }
  form.querySelectorAll("input[name=draw_for]").forEach(function (r) {
    r.addEventListener("change", function () { stage.classList.toggle("drawing", !!drawFor()); });
  });
  canvas.addEventListener("pointerdown", function (e) {
    if (!drawFor()) { return; }
    start = pos(e); canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!start) { return; }
    var p = pos(e);
    current = [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.abs(p[0] - start[0]), Math.abs(p[1] - start[1])];
    redraw();
  });
  canvas.addEventListener("pointerup", function () {
    var child = drawFor();
    if (start && current && child && current[2] > 4 && current[3] > 4) {
      var w = canvas.width, h = canvas.height;
      var f = field(child);
      if (f) {
        f.value = [current[0] / w, current[1] / h, current[2] / w, current[3] / h].map(function (v) { return v.toFixed(4); }).join(",");
        var c = childBox(child);
        if (c) { c.checked = true; }
      }
    }
    start = null; current = null; redraw();
  });
  form.querySelectorAll("input.region").forEach(function (f) { f.addEventListener("input", redraw); });
  if (img) {
    if (img.complete) { size(); } else { img.addEventListener("load", size); }
  }
  window.addEventListener("resize", size);
  paint();
})();
