// The web chat: talks to POST /api/chat and /api/chat/photo. Every text comes from the server's catalogue.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const KEEP = 80; // messages kept across reloads
  const TIMEOUT_MS = 20000; // a slow 2G request is given up on after this, and offered for retry

  /** The server read the message and refused it: the reason is worth showing; a network failure is not. */
  class Refusal extends Error {}

  const saved = {
    get(key, fallback) {
      try { return JSON.parse(localStorage.getItem("gongqian." + key)) ?? fallback; } catch { return fallback; }
    },
    set(key, value) {
      try { localStorage.setItem("gongqian." + key, JSON.stringify(value)); } catch { /* private mode: session only */ }
    },
  };

  const newId = (bytes) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0")).join("");

  const state = {
    session: saved.get("session", null) || newId(16),
    lang: saved.get("lang", null) || config.lang,
    chosen: saved.get("langChosen", false),
    log: saved.get("log", []),
    prompt: saved.get("prompt", { expecting: null, options: [] }),
    busy: false,
  };
  saved.set("session", state.session);
  // A message still "sending" when the page closed never got its answer: offer it for retry.
  state.log.forEach((m) => { if (m.status === "sending") m.status = "failed"; });

  const t = (key, vars = {}) => (config.texts[state.lang][key] || config.texts[config.langs[0]][key] || "")
    .replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "");

  function persist() {
    state.log = state.log.slice(-KEEP);
    // A photo lives in memory only: once sent it is kept as a note, unsent it cannot outlive the page.
    saved.set("log", state.log.filter((m) => !m.file).map(({ blob, ...m }) => (blob ? { ...m, text: t("photo") } : m)));
    saved.set("prompt", state.prompt);
  }

  function bubble(m) {
    const el = document.createElement("div");
    el.className = `msg ${m.who}` + (m.status === "failed" ? " failed" : "");
    if (m.blob) {
      const img = document.createElement("img");
      img.src = m.blob;
      img.alt = t("photo");
      el.append(img);
    } else {
      el.append(document.createTextNode(m.text));
    }
    if (m.who === "me" && m.status) {
      const status = document.createElement("small");
      status.className = "status";
      status.textContent = t(m.status);
      el.append(status);
    }
    if (m.status === "failed") el.addEventListener("click", retry);
    return el;
  }

  function render() {
    const log = $("log");
    log.replaceChildren(bubble({ who: "bot", text: t("intro") }), ...state.log.map(bubble));
    log.scrollTop = log.scrollHeight;
    renderPrompt();
  }

  function renderPrompt() {
    const { expecting, options } = state.prompt;
    $("quick").replaceChildren(...options.map((option) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = option;
      button.addEventListener("click", () => sendText(option));
      return button;
    }));
    const keypad = config.keypads[expecting] || "text";
    $("text").setAttribute("inputmode", keypad);
    $("text").setAttribute("autocomplete", expecting === "phone" ? "tel" : "off");
    $("x-key").hidden = expecting !== "id_number"; // the last character of an ID number may be X
  }

  function renderTexts() {
    document.documentElement.lang = state.lang;
    document.title = t("title");
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-t-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
    document.querySelectorAll("[data-t-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.tLabel)); });
    $("project").hidden = !config.projectName;
    $("project").textContent = config.projectName ? t("project", { project: config.projectName }) : "";
    $("hotline").textContent = t("hotline", { hotline: config.hotline });
    $("hotline").href = "tel:" + config.hotline;
    $("langs").replaceChildren(...config.langs.map((lang) => {
      const button = document.createElement("button");
      button.type = "button";
      button.lang = lang;
      button.textContent = config.texts[lang].lang_name;
      button.setAttribute("aria-pressed", String(lang === state.lang));
      button.addEventListener("click", () => chooseLang(lang));
      return button;
    }));
    render();
  }

  function chooseLang(lang) {
    Object.assign(state, { lang, chosen: true });
    saved.set("lang", lang);
    saved.set("langChosen", true);
    renderTexts();
  }

  function notice(text) {
    $("notice").textContent = text || "";
    $("notice").hidden = !text;
  }

  function queue(message) {
    state.log.push({ who: "me", status: "sending", id: newId(12), ...message });
    state.prompt = { expecting: state.prompt.expecting, options: [] };
    persist();
    render();
    pump();
  }

  const sendText = (text) => { if (text.trim()) queue({ text: text.trim() }); };

  function retry() {
    state.log.forEach((m) => { if (m.status === "failed") m.status = "sending"; });
    notice("");
    render();
    pump();
  }

  // One message in flight at a time, in order; a failure holds the rest until the worker taps retry.
  async function pump() {
    const next = state.log.find((m) => m.status === "sending");
    if (state.busy || !next) return;
    state.busy = true;
    try {
      answer(next, await deliver(next));
    } catch (problem) {
      state.log.forEach((m) => { if (m.status === "sending") m.status = "failed"; });
      if (problem instanceof Refusal) notice(problem.message);
    } finally {
      state.busy = false;
      persist();
      render();
    }
    pump();
  }

  async function deliver(m) {
    const common = { session: state.session, id: m.id, ...(state.chosen ? { lang: state.lang } : {}),
      ...(config.project ? { project: config.project } : {}) };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = m.file
        ? await fetch("/api/chat/photo", { method: "POST", body: form(common, m.file), signal: abort.signal })
        : await fetch("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...common, text: m.text }), signal: abort.signal });
      if (response.status === 413) throw new Refusal(t("photo_too_big", { max: megabytes(config.photoMax) }));
      if (response.status === 415) throw new Refusal(t("photo_type"));
      if ([400, 422].includes(response.status)) throw new Refusal(t("error"));
      if (!response.ok) throw new Error(`HTTP ${response.status}`); // 429, 503 and 5xx: worth a retry
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }

  function form(fields, file) {
    const data = new FormData();
    Object.entries(fields).forEach(([name, value]) => data.append(name, value));
    data.append("photo", file, file.name || "photo");
    return data;
  }

  function answer(m, body) {
    m.status = "sent";
    delete m.file;
    body.replies.forEach((reply) => state.log.push({ who: "bot", text: reply.text }));
    const asking = [...body.replies].reverse().find((reply) => reply.expecting || reply.options.length);
    if (body.replies.length) state.prompt = asking ? { expecting: asking.expecting, options: asking.options }
      : { expecting: null, options: [] };
  }

  const megabytes = (bytes) => `${Math.round(bytes / 1048576 * 10) / 10} MB`;

  function attach(file) {
    if (!config.photoTypes.includes(file.type)) return notice(t("photo_type"));
    if (file.size > config.photoMax) return notice(t("photo_too_big", { max: megabytes(config.photoMax) }));
    notice("");
    queue({ text: t("photo"), file, blob: URL.createObjectURL(file) });
  }

  $("form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendText($("text").value);
    $("text").value = "";
    $("text").style.height = "";
    $("text").focus();
  });
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("form").requestSubmit();
    }
  });
  $("text").addEventListener("input", () => {
    $("text").style.height = "";
    $("text").style.height = `${$("text").scrollHeight}px`;
  });
  $("x-key").addEventListener("click", () => { $("text").value += "X"; $("text").focus(); });
  $("photo").addEventListener("change", () => {
    if ($("photo").files[0]) attach($("photo").files[0]);
    $("photo").value = "";
  });
  $("photo").accept = config.photoTypes.join(",");
  window.addEventListener("online", () => { if (state.log.some((m) => m.status === "failed")) retry(); });
  renderTexts();
  pump();
})();
