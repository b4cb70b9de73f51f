/* Highlighting on the annotate page: turn a selection of the article into a claim form.
 *
 * Mouse: select text (snapped to whole words), or click a sentence and shift-click
 * another to take the sentences between. Keyboard: Tab into the text, arrows move
 * between sentences, Shift+arrow extends, Enter opens the claim form, Escape cancels
 * (a selection, or the new claim's form once the focus is in it, as its Cancel does:
 * the focus goes back to the sentence where the selection began).
 * Clicking a highlight opens its claim. "Pick another passage" (the panel of a claim
 * whose passage changed in a new version) sends the next selection to that claim
 * instead of a new claim's form. The server checks every offset against the quote;
 * this file only reads the DOM the page renders. No build step, no dependency
 * but htmx (served by the app).
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}\u2019'_-]/u;

  function container() { return document.getElementById("article-text"); }
  function sentences() { return Array.prototype.slice.call(container().querySelectorAll(".sentence")); }
  function startOf(s) { return Number(s.dataset.start); }
  function endOf(s) { return Number(s.dataset.end); }
  function sentenceOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".sentence") : null;
  }

  /* Offsets are counted as the server counts them, in code points (Python str), not in
     UTF-16 units: an emoji before the selection must not shift it. */
  function codePoints(text) { return Array.from(text); }

  /* Body offset of a DOM point inside a sentence. */
  function offsetIn(sentence, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(sentence);
    range.setEnd(node, offset);
    return startOf(sentence) + codePoints(range.toString()).length;
  }

  /* A DOM point between sentences (in a gap, or on a paragraph) snaps to the nearest
     sentence edge in the given direction. */
  function edgeNear(node, offset, forward) {
    var point = document.createRange();
    point.setStart(node, offset);
    var all = sentences();
    if (forward) {
      for (var i = 0; i < all.length; i++) {
        if (point.comparePoint(all[i], 0) >= 0) { return startOf(all[i]); }
      }
      return null;
    }
    for (var j = all.length - 1; j >= 0; j--) {
      if (point.comparePoint(all[j], all[j].childNodes.length) <= 0) { return endOf(all[j]); }
    }
    return null;
  }

  function textOf(s) { return codePoints(s.textContent); }

  /* Widen [start, end) to whole words, inside the sentences that hold each end. */
  function snap(start, end) {
    sentences().forEach(function (s) {
      var text = textOf(s), a = startOf(s), b = endOf(s);
      if (start > a && start < b) {
        while (start > a && WORD.test(text[start - a - 1]) && WORD.test(text[start - a])) { start--; }
      }
      if (end > a && end < b) {
        while (end < b && WORD.test(text[end - a - 1]) && WORD.test(text[end - a])) { end++; }
      }
    });
    return [start, end];
  }

  /* The text of [start, end) as the reader sees it; white space between sentences is
     a single space (the server compares without white space). */
  function quoteOf(start, end) {
    var parts = [];
    sentences().forEach(function (s) {
      var a = startOf(s), b = endOf(s);
      if (b <= start || a >= end) { return; }
      parts.push(textOf(s).slice(Math.max(start, a) - a, Math.min(end, b) - a).join(""));
    });
    return parts.join(" ");
  }

  /* The URL the next selection goes to when a claim's passage is being picked. */
  var pickUrl = null;

  function setPicking(url) {
    pickUrl = url;
    container().classList.toggle("picking", url !== null);
    document.querySelectorAll("button[data-pick-url]").forEach(function (button) {
      button.setAttribute("aria-pressed", url !== null && button.dataset.pickUrl === url ? "true" : "false");
    });
    document.querySelectorAll(".pick-hint").forEach(function (hint) { hint.hidden = url === null; });
  }

  /* Where the new claim's form was opened from: its first sentence gets the focus back
     when the form is cancelled. */
  var openedAt = null;

  function openForm(start, end) {
    openedAt = start;
    var base = pickUrl || container().dataset.newClaimUrl;
    if (pickUrl) { setPicking(null); }
    var url = base + "?" + new URLSearchParams({
      start: String(start), end: String(end), quote: quoteOf(start, end)
    }).toString();
    htmx.ajax("GET", url, { target: "#side-panel", swap: "innerHTML" });
  }

  /* --- Sentence selection (click, shift-click, keyboard) --------------------------- */

  var anchor = null, focus = null; // indexes into sentences()

  function markSelected() {
    var all = sentences(), lo = Math.min(anchor, focus), hi = Math.max(anchor, focus);
    all.forEach(function (s, i) {
      var on = anchor !== null && i >= lo && i <= hi;
      s.classList.toggle("selected", on);
      if (on) { s.setAttribute("aria-selected", "true"); } else { s.removeAttribute("aria-selected"); }
    });
  }

  function clearSelection() {
    anchor = focus = null;
    sentences().forEach(function (s) { s.classList.remove("selected"); s.removeAttribute("aria-selected"); });
  }

  function openSentenceRange() {
    var all = sentences(), lo = Math.min(anchor, focus), hi = Math.max(anchor, focus);
    openForm(startOf(all[lo]), endOf(all[hi]));
  }

  function focusSentence(index) {
    var all = sentences();
    if (!all.length) { return; }
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (s, i) { s.tabIndex = i === index ? 0 : -1; });
    all[index].focus();
    return index;
  }

  function setUp() {
    if (emptyPanel === null) { emptyPanel = document.getElementById("side-panel").innerHTML; }
    var all = sentences();
    all.forEach(function (s, i) { s.tabIndex = i === 0 ? 0 : -1; });
    anchor = focus = null;
  }

  document.addEventListener("mouseup", function (event) {
    var text = container();
    if (!text || !text.contains(event.target)) { return; }
    var selection = window.getSelection();
    /* A shift-click after a sentence click extends over sentences. The browser extends
       its own selection too, from the caret the first click left in the text (still
       there until the claim form takes the focus): that one is dropped, not snapped. */
    var extending = event.shiftKey && anchor !== null && sentenceOf(event.target);
    if (extending) {
      selection.removeAllRanges();
    } else if (selection && !selection.isCollapsed && selection.rangeCount) {
      var range = selection.getRangeAt(0);
      if (!text.contains(range.commonAncestorContainer)) { return; }
      var s1 = sentenceOf(range.startContainer), s2 = sentenceOf(range.endContainer);
      var start = s1 ? offsetIn(s1, range.startContainer, range.startOffset) : edgeNear(range.startContainer, range.startOffset, true);
      var end = s2 ? offsetIn(s2, range.endContainer, range.endOffset) : edgeNear(range.endContainer, range.endOffset, false);
      if (start === null || end === null || start >= end) { return; }
      var snapped = snap(start, end);
      clearSelection();
      openForm(snapped[0], snapped[1]);
      return;
    }
    var mark = !extending && !pickUrl && event.target.closest("mark[data-claims]");
    if (mark) {
      /* Overlapping claims share a highlight: each click opens the next of them. */
      var ids = mark.dataset.claims.split(" ");
      var turn = Number(mark.dataset.turn || 0) % ids.length;
      mark.dataset.turn = String(turn + 1);
      var id = ids[turn];
      var link = document.querySelector('#claim-list a[data-claim="' + id + '"]');
      if (link) { htmx.ajax("GET", link.getAttribute("href"), { target: "#side-panel", swap: "innerHTML" }); }
      return;
    }
    var sentence = sentenceOf(event.target);
    if (!sentence) { return; }
    var index = sentences().indexOf(sentence);
    if (event.shiftKey && anchor !== null) { focus = index; } else { anchor = focus = index; }
    focusSentence(index);
    markSelected();
    openSentenceRange();
  });

  /* The side panel as the page came: put back when a new claim's form is cancelled. */
  var emptyPanel = null;

  function newClaimPanel() {
    var panel = document.getElementById("claim-panel");
    return panel && panel.querySelector("#new-claim-title") ? panel : null;
  }

  function cancelNewClaim() {
    var side = document.getElementById("side-panel");
    if (emptyPanel !== null) { side.innerHTML = emptyPanel; }
    var all = sentences(), index = 0;
    all.forEach(function (s, i) { if (openedAt !== null && startOf(s) <= openedAt) { index = i; } });
    clearSelection();
    openedAt = null;
    focusSentence(index);
  }

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel-claim]");
    if (!cancel || !container() || !newClaimPanel()) { return; }
    event.preventDefault();
    cancelNewClaim();
  });

  document.addEventListener("keydown", function (event) {
    var text = container();
    if (!text) { return; }
    var panel = newClaimPanel();
    if (event.key === "Escape" && panel && panel.contains(document.activeElement)) {
      event.preventDefault();
      cancelNewClaim();
      return;
    }
    if (!text.contains(document.activeElement)) { return; }
    var all = sentences(), current = all.indexOf(document.activeElement);
    if (current < 0) { return; }
    var step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step) {
      event.preventDefault();
      var next = focusSentence(current + step);
      if (event.shiftKey) {
        if (anchor === null) { anchor = current; }
        focus = next;
        markSelected();
      }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      focusSentence(event.key === "Home" ? 0 : all.length - 1);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      var lo = Math.min(anchor, focus), hi = Math.max(anchor, focus);
      if (anchor === null || current < lo || current > hi) { anchor = focus = current; }
      markSelected();
      openSentenceRange();
    } else if (event.key === "Escape") {
      clearSelection();
      if (pickUrl) { setPicking(null); }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-pick-url]");
    if (!button || !container()) { return; }
    setPicking(pickUrl === button.dataset.pickUrl ? null : button.dataset.pickUrl);
  });

  /* After a swap into the side panel, move the focus there: to the first invalid field
     when there are errors, to the claim text of a new claim, else to the panel itself
     (whose status message is then read out). After the article's highlights are
     re-rendered, set the keyboard path up again. */
  document.addEventListener("htmx:afterSwap", function (event) {
    var id = event.detail.target && event.detail.target.id;
    var panel = document.getElementById("claim-panel");
    if (!panel || (id !== "side-panel" && id !== "claim-panel")) { return; }
    /* Picking a passage needs the article's text: offered on this page only. */
    panel.querySelectorAll("button[data-pick-url]").forEach(function (button) { button.hidden = false; });
    if (pickUrl) { setPicking(null); }
    var target = panel.querySelector("[aria-invalid=true]");
    if (!target && panel.querySelector("#new-claim-title")) { target = panel.querySelector("textarea"); }
    (target || panel).focus();
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "article-text") { setUp(); }
  });

  /* A refused request (403, 409, 500…) is said in the panel, not silently dropped. */
  document.addEventListener("htmx:responseError", function (event) {
    var panel = document.getElementById("claim-panel");
    if (!panel) { return; }
    var note = document.createElement("p");
    note.className = "form-errors";
    note.setAttribute("role", "alert");
    note.textContent = (document.documentElement.lang === "fr"
      ? "L’action a échoué (" : "The action failed (") + event.detail.xhr.status + ").";
    panel.prepend(note);
  });

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
