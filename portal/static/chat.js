/* The /ask page without reloads. Progressive enhancement only: the page works
   as plain forms; this script sends the same fields to POST /api/v1/ask and
   appends the answer to the aria-live log, using the <template> the server
   rendered in the page's language. Focus stays in the question box so the
   next question can be typed at once; screen readers hear the new answer
   through the live region. If anything unexpected happens, the form is
   submitted the ordinary way. */
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var log = document.getElementById("chat-log");
  var template = document.getElementById("turn-template");
  var words = document.getElementById("chat-messages");
  if (!form || !log || !template || !words || !window.fetch || !("content" in template)) return;

  var textarea = form.querySelector("textarea[name=question]");
  var vinInput = form.querySelector("input[name=vin]");
  var sessionInput = form.querySelector("input[name=session]");
  var status = document.getElementById("ask-status");
  var button = form.querySelector("button[type=submit]");
  var busy = false;

  function say(text) { status.textContent = text; }

  function fillTurn(question, data) {
    var node = template.content.firstElementChild.cloneNode(true);
    node.id = "turn-" + (data.turn_id || "");
    if (data.fallback) node.classList.add("fallback");
    node.querySelector(".question p").textContent = question;
    // answer_html is the server's sanitised rendering (portal.markdown); the question is text only.
    node.querySelector(".answer-body").innerHTML = data.answer_html;
    var sources = node.querySelector(".answer-sources");
    var list = sources.querySelector("ul");
    (data.sources || []).forEach(function (source) {
      var item = document.createElement("li");
      if (source.url) {
        var link = document.createElement("a");
        link.href = source.url;
        link.textContent = source.title;
        item.appendChild(link);
      } else {
        item.textContent = source.title;
      }
      list.appendChild(item);
    });
    if (!list.children.length) sources.remove();
    var feedback = node.querySelector("form.feedback");
    if (data.turn_id) {
      feedback.querySelector("input[name=turn_id]").value = data.turn_id;
      feedback.querySelector("input[name=session]").value = data.session;
      var label = feedback.querySelector(".feedback-label");
      label.id = "feedback-label-" + data.turn_id;
      feedback.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-describedby", label.id); });
    } else {
      feedback.remove();
    }
    return node;
  }

  function ask(question) {
    var body = { question: question, lang: form.dataset.lang };
    if (vinInput && vinInput.value.trim()) body.vin = vinInput.value.trim();
    if (sessionInput.value) body.session = sessionInput.value;
    busy = true;
    button.disabled = true;
    say(words.dataset.thinking);
    return fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        say((result.data.error && result.data.error.message) || words.dataset.error);
        return;
      }
      sessionInput.value = result.data.session;
      log.appendChild(fillTurn(question, result.data));
      textarea.value = "";
      say(words.dataset.answered);
    }).catch(function () {
      say(words.dataset.error);
    }).then(function () {
      busy = false;
      button.disabled = false;
      textarea.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    var question = textarea.value;
    if (!question.trim()) {
      say(words.dataset.empty);
      textarea.focus();
      return;
    }
    ask(question);
  });

  document.querySelectorAll("a.suggestion").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (busy) return;
      textarea.value = link.dataset.question;
      ask(link.dataset.question);
    });
  });

  // Feedback buttons: post the same form in the background and say thanks in its place.
  log.addEventListener("submit", function (event) {
    var target = event.target;
    if (!target.classList || !target.classList.contains("feedback")) return;
    event.preventDefault();
    var data = new FormData(target);
    var submitter = event.submitter;
    data.set("helpful", submitter ? submitter.value : "1");
    fetch(target.action, {
      method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (result) {
      var done = document.createElement("p");
      done.className = "feedback-done";
      done.tabIndex = -1;
      done.textContent = result.message || words.dataset.thanks;
      target.replaceWith(done);
      done.focus();
    }).catch(function () {
      target.submit();
    });
  });
})();
