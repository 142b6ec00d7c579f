// <invest-calculator>: the investment-incentive calculator as one custom element.
//
// Plain ES module, shadow DOM, no framework, no bundler. Every word and figure on screen
// comes from the Rust core (form schema, report, catalogue, formatters); this file only
// lays them out. Text reaches the DOM through text nodes and attributes, never as HTML.
// Money is never turned into a JS number: bar widths come from the report's `progress`
// strings, chart heights from BigInt arithmetic on fen.
//
// Each input re-evaluates at once (no debounce); the whole view is described as a tree of
// plain objects and patched into the DOM, so only the nodes that changed are touched and
// nothing on screen jumps.
//
// Embed:  <script type="module" src="./invest-calculator.js"></script>
//         <invest-calculator lang="zh-Hans"></invest-calculator>
// Attributes: lang (zh-Hans | zh-Hant | en), view (investor | staff), zone (preselected
// zone id), policy (URL of a policy JSON on the same site). Events: `result` (detail: the
// report) after every evaluation. Methods: policyInfo(lang), property `report`.

const HERE = import.meta.url;
/** The share link's format version, and the keys it uses besides the form's fields. */
const LINK_FORMAT = '1';
const LINK_KEYS = ['ic', 'policy', 'version', 'lang', 'view', 'asOf'];
const SVG = 'http://www.w3.org/2000/svg';
const VIEWS = ['investor', 'staff'];
let seq = 0;

// ---------------------------------------------------------------------------------------
// Loading: the wasm-bindgen glue and the module are fetched in parallel. When a stored
// first screen applies, it is fetched first (a few KB) and the module (about 120 KB) after
// it, so that on a slow network the small file is not held up by the large one.

// A page written by `investcalc build --single-file` carries every file in a JSON block;
// the calculator then takes them from there and fetches nothing.
const INLINE = (() => {
  try {
    const block = document.getElementById('investcalc-inline');
    return block ? JSON.parse(block.textContent) : null;
  } catch {
    return null;
  }
})();
const moduleUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
/** Bytes from base64 text. */
function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

let apiPromise;
let compiled;
let generation = 0;
/** The wasm module, compiled once (while it downloads); a restart instantiates it again. */
function wasmModule() {
  compiled ??= INLINE ? WebAssembly.compile(fromBase64(INLINE.wasm)) : WebAssembly.compileStreaming(fetch(new URL('./pkg/investcalc_bg.wasm', HERE)));
  compiled.catch(() => (compiled = undefined));
  return compiled;
}
/**
 * Loads and initialises the engine once per page. With `fresh`, a new instance of the
 * glue and of the module (after a trap: the old instance cannot be used again).
 */
function loadApi(fresh) {
  if (fresh) {
    apiPromise = undefined;
    generation++;
  }
  apiPromise ??= (async () => {
    const glue = INLINE ? moduleUrl(INLINE.glue) : `${new URL('./pkg/investcalc.js', HERE).href}${generation ? `?instance=${generation}` : ''}`;
    const [m, module] = await Promise.all([import(glue), wasmModule()]);
    await m.default({ module_or_path: module });
    return m;
  })();
  apiPromise.catch(() => {
    apiPromise = undefined;
  });
  return apiPromise;
}
/** Whether an error is the engine trapping (a bug: the instance is then unusable). */
const isTrap = (e) => e instanceof WebAssembly.RuntimeError;

// A language's pack (`lang/<tag>.json`, written by `investcalc build`): the texts the
// engine shows in that language, and the first screen of the embedded default policy (the
// prefilled example's result, shown while the engine is still on its way).
const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
const packs = new Map();
function pack(lang) {
  if (INLINE) return Promise.resolve(INLINE.packs[lang]);
  if (!packs.has(lang)) {
    const url = new URL(`./lang/${lang}.json`, HERE);
    packs.set(
      lang,
      fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${url.pathname}`)))),
    );
    packs.get(lang).catch(() => packs.delete(lang));
  }
  return packs.get(lang);
}

/**
 * Loads a language's texts into the engine (once): the pack's `texts`, then its interface
 * words (the first screen's form labels, in the same order). Exported for pages that use the API.
 */
export async function loadLanguage(api, lang) {
  if (api.languageLoaded(lang)) return;
  const p = await pack(lang);
  api.loadLanguage(lang, p.texts.concat(Object.values(p.first.schema.labels)), p.policyTexts);
}
/** Today as YYYY-MM-DD, in the visitor's time zone. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
/** A decimal string to two places ("60000000" -> "60000000.00"), the form the report uses. */
function twoPlaces(s) {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(String(s ?? ''));
  return m ? `${m[1].replace(/^0+(?=\d)/, '')}.${((m[2] || '') + '00').slice(0, 2)}` : String(s);
}

// ---------------------------------------------------------------------------------------
// A small keyed DOM patcher. `h(tag, props, ...kids)` describes a node; `patch` makes the
// DOM match a new description, touching only what differs. Props: attributes (true: empty
// attribute; null/false: absent), `key` (identity among siblings), `on<event>` listeners,
// `style` (an object of CSS properties), and the live properties `value`, `checked`,
// `open`, compared with the element's current state so that typing is never overwritten.

const TEXT = '#text';
const LIVE = new Set(['value', 'checked', 'open']);

function h(t, p, ...kids) {
  const c = [];
  flat(kids, c);
  return { t, p: p || {}, c, k: p?.key };
}
function flat(list, out) {
  for (const x of list) {
    if (x == null || x === false || x === '') continue;
    if (Array.isArray(x)) flat(x, out);
    else out.push(typeof x === 'object' ? x : { t: TEXT, s: String(x) });
  }
}
function create(v, ns) {
  if (v.t === TEXT) return (v.n = document.createTextNode(v.s));
  if (v.t === 'svg') ns = SVG;
  const e = (v.n = ns ? document.createElementNS(ns, v.t) : document.createElement(v.t));
  // Children first: a <select>'s value can only be set once its options exist.
  for (const c of v.c) e.append(create(c, ns));
  setProps(e, {}, v.p);
  return e;
}
function dispatch(ev) {
  this._on?.[ev.type]?.(ev);
}
function setProps(e, a, b) {
  for (const k in a) if (b[k] == null || b[k] === false) setProp(e, k, null);
  for (const k in b) {
    const v = b[k];
    if (LIVE.has(k) || a[k] !== v) setProp(e, k, v, a[k]);
  }
}
function setProp(e, k, v, was) {
  if (k === 'key') return;
  if (k.startsWith('on')) {
    const type = k.slice(2);
    e._on ??= {};
    if (!e._on[type] && v) e.addEventListener(type, dispatch);
    e._on[type] = v || null;
  } else if (k === 'style') {
    for (const s in was || {}) if (!v || !(s in v)) e.style.removeProperty(s);
    for (const s in v || {}) if (e.style.getPropertyValue(s) !== v[s]) e.style.setProperty(s, v[s]);
  } else if (LIVE.has(k)) {
    const want = k === 'value' ? String(v ?? '') : !!v;
    if (e[k] !== want) e[k] = want;
  } else if (v == null || v === false) e.removeAttribute(k);
  else e.setAttribute(k, v === true ? '' : String(v));
}
function update(o, v, ns) {
  const e = (v.n = o.n);
  if (v.t === TEXT) {
    if (o.s !== v.s) e.data = v.s;
    return e;
  }
  if (v.t === 'svg') ns = SVG;
  patch(e, o.c, v.c, ns);
  setProps(e, o.p, v.p);
  return e;
}
/** Makes the children of `parent` (described by `old`) match `now`. */
function patch(parent, old, now, ns) {
  const byKey = new Map();
  for (const o of old) if (o.k != null) byKey.set(o.k, o);
  const used = new Set();
  for (let i = 0; i < now.length; i++) {
    const v = now[i];
    let o = v.k != null ? byKey.get(v.k) : old[i];
    if (o && (o.k !== v.k || o.t !== v.t || used.has(o))) o = null;
    if (o) used.add(o);
    const n = o ? update(o, v, ns) : create(v, ns);
    const at = parent.childNodes[i];
    if (n !== at) parent.insertBefore(n, at || null);
  }
  for (const o of old) if (!used.has(o) && o.n?.parentNode === parent) parent.removeChild(o.n);
}

// ---------------------------------------------------------------------------------------
// Helpers

/** Fills `{name}` placeholders of an interface text. */
function fill(text, args) {
  return String(text ?? '').replace(/\{(\w+)\}/g, (m, k) => (k in args ? args[k] : m));
}
/** Fills a text whose `{slot}` becomes a node (e.g. a bold amount). */
function fillNode(text, args, slot, node) {
  return fill(text, { ...args, [slot]: '\u0000' })
    .split('\u0000')
    .flatMap((t, i) => (i ? [node, t] : [t]));
}
/** A decimal string as an integer number of fen (BigInt); negatives and junk count as 0. */
function fen(s) {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(String(s ?? ''));
  return m ? BigInt(m[1]) * 100n + BigInt(((m[2] || '') + '00').slice(0, 2)) : 0n;
}
/** Tenths (BigInt) as an SVG length. */
const tenths = (b) => `${b / 10n}.${b % 10n}`;
const mark = (ok) => (ok === true ? '✓' : ok === false ? '✗' : '?');
const fieldId = (name) => name.replace(/[^\w-]/g, '-');

export class InvestCalculator extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'zone', 'policy', 'view'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this._cssReady = new Promise((ok) => {
      if (INLINE) {
        const style = document.createElement('style');
        style.textContent = INLINE.css;
        root.append(style);
        return ok();
      }
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL('./invest-calculator.css', HERE).href;
      link.onload = link.onerror = ok;
      root.append(link);
    });
    // Until the calculator is ready, the host page's own content (if any) shows.
    this._box = document.createElement('div');
    this._box.className = 'ic';
    this._box.setAttribute('part', 'calculator');
    this._box.append(document.createElement('slot'));
    root.append(this._box);
    this._vdom = null;
    this._uid = `ic${++seq}-`;
    this._values = {};
    this._good = {};
    this._parsed = {};
    this._errs = {};
    this._open = new Set();
    this._formOpen = false;
    this._onPrint = () => {
      this._openAll(true);
      this._staff?.beforePrint();
    };
    this._onPrinted = () => {
      this._openAll(false);
      this._staff?.afterPrint();
    };
    this._headSize = new ResizeObserver((entries) => {
      const height = Math.ceil(entries[0]?.borderBoxSize?.[0]?.blockSize ?? 0);
      this._box.style.setProperty('--head-h', `${height}px`);
    });
  }

  connectedCallback() {
    addEventListener('beforeprint', this._onPrint);
    addEventListener('afterprint', this._onPrinted);
    if (!this._started) {
      this._started = true;
      this._start();
    }
  }

  disconnectedCallback() {
    removeEventListener('beforeprint', this._onPrint);
    removeEventListener('afterprint', this._onPrinted);
  }

  attributeChangedCallback(name, old, val) {
    if (!this._calc || old === val) return;
    if (name === 'policy') this._start();
    else if (name === 'lang') {
      const lang = LANGS.includes(val) ? val : this._api.preferredLanguage();
      loadLanguage(this._api, lang).then(
        () => this._load(lang),
        (e) => this._fail(e),
      );
    }
    else if (name === 'view') {
      if (this.view === 'staff') this._staffTools().then(() => this._render(), () => {});
      this._render();
      this._writeLink();
    }
    else if (name === 'zone' && this._option('zone', val)) this._onInput('zone', val);
  }

  /** The last report shown (null before the first evaluation). */
  get report() {
    return this._report ?? null;
  }

  /** `investor` (the default: what the enterprise receives first) or `staff`. */
  get view() {
    const v = this.getAttribute('view');
    return VIEWS.includes(v) ? v : 'investor';
  }

  /** Facts about the policy (zones with descriptions, version, source) in a language. */
  policyInfo(lang) {
    return this._calc ? this._calc.policyInfo(lang || this._lang) : null;
  }

  async _start() {
    this.dataset.state = 'loading';
    // A share link in the page's fragment brings its own figures, language and view.
    const link = this._readLink();
    if (link?.view && VIEWS.includes(link.view)) this.setAttribute('view', link.view);
    const asked = LANGS.includes(link?.lang) ? link.lang : this.getAttribute('lang');
    if (this.view === 'staff') this._staffTools().catch(() => {});
    try {
      if (!this.getAttribute('policy') && LANGS.includes(asked) && !link) {
        await this._showFirst((await pack(asked).catch(() => null))?.first);
      }
      const api = (this._api = await loadApi());
      const lang = LANGS.includes(asked) ? asked : api.preferredLanguage();
      await loadLanguage(api, lang);
      const src = this.getAttribute('policy');
      let calc;
      if (src) {
        const url = new URL(src, document.baseURI);
        if (url.origin !== location.origin) throw new Error(url.href);
        const res = await fetch(url, { credentials: 'same-origin' });
        if (!res.ok) throw new Error(`${res.status} ${url.pathname}`);
        this._policyObject = await res.json();
        calc = new api.Calculator(this._policyObject, lang);
      } else {
        calc = api.Calculator.withDefaultPolicy();
      }
      this._calc?.free?.();
      this._calc = calc;
      this._good = {};
      await this._cssReady;
      if (link?.values) {
        this._useSchema(this._calc.formSchema(lang), true);
        this._applyLink(link);
        if (!this._notice && this._asOf && this._asOf !== today()) this._notice = { key: 'link.as-of', args: { date: this._asOf } };
        this._evaluate();
      } else {
        if (link?.notice) this._notice = { key: link.notice };
        // After a first screen, keep whatever was typed meanwhile.
        this._load(lang, !this._first);
      }
      this.dataset.state = 'ready';
    } catch (e) {
      this._fail(e);
    }
  }

  _fail(e) {
    this.dataset.state = 'error';
    let head = '{detail}';
    try {
      const lang = this._lang ?? this.getAttribute('lang');
      if (this._api.languageLoaded(lang)) {
        const c = this._api.Calculator.withDefaultPolicy();
        head = c.formSchema(lang).labels['load-failed'];
        c.free();
      }
    } catch {
      // The module itself did not load: the bare detail is all there is to show.
    }
    const first = String(e?.message ?? e).split('\n')[0];
    const rest = (e?.issues || []).map((i) => `${i.path}: ${i.message}`).join('\n');
    this._paint(h('div', { class: 'fail', role: 'alert' }, h('p', {}, fill(head, { detail: first })), rest && h('pre', {}, rest)));
  }

  /**
   * Shows a stored first screen (in `lang/<tag>.json`) while the engine loads: only for
   * the embedded policy, the prefilled example, and a day the stored figures hold for.
   */
  async _showFirst(fs) {
    await this._cssReady;
    if (!fs || this._schema || fs.lang !== this.getAttribute('lang')) return;
    const day = today();
    const zone = this.getAttribute('zone');
    if (day < fs.asOf || day > fs.validUntil || (zone && zone !== fs.schema.example.zone)) return;
    this._memo = new Map(fs.parses.map((c) => [`${c.text}|${c.lang}|${c.currency}`, c.result]));
    this._first = true;
    this._useSchema(fs.schema, true);
    this._report = fs.report;
    this.dataset.state = 'first';
    this._render();
    this._marked();
    this.dispatchEvent(new CustomEvent('result', { detail: fs.report, bubbles: true, composed: true }));
  }

  /** Marks, once, when the first result is on screen (for performance measurements). */
  _marked() {
    if (this._firstMarked) return;
    this._firstMarked = true;
    performance.mark('investcalc:first-result');
  }

  /** `parseAmount` from the engine, or from the first screen's stored calls before it loads. */
  _parseAmount(text, lang, currency) {
    const memo = this._memo?.get(`${text}|${lang}|${currency}`);
    if (memo || !this._calc) return memo ?? null;
    try {
      return this._api.parseAmount(text, lang, currency);
    } catch (e) {
      if (isTrap(e)) this._trapped();
      return null;
    }
  }

  /**
   * The engine trapped (a bug in it): say so, keep every figure, and start a fresh
   * instance at the next entry instead of dying for the rest of the visit.
   */
  _trapped() {
    this._calc = null;
    this._dead = true;
    this.dataset.state = 'restarting';
    this._notice = { key: 'engine.trapped' };
    this._render();
  }

  /** A fresh engine after a trap: same policy, same language, same figures. */
  async _restart() {
    if (this._restarting) return this._restarting;
    this._restarting = (async () => {
      const api = (this._api = await loadApi(true));
      await loadLanguage(api, this._lang);
      this._calc = this._policyObject ? new api.Calculator(this._policyObject, this._lang) : api.Calculator.withDefaultPolicy();
      this._dead = false;
      this._notice = null;
      this.dataset.state = 'ready';
      for (const f of this._fields) if (f.kind === 'money') this._parse(f.name);
      this._evaluate();
    })().finally(() => (this._restarting = null));
    return this._restarting;
  }

  _option(field, value) {
    return this._byName?.[field]?.options.some((o) => o.value === value);
  }

  /** Loads the form schema in a language and redraws everything. */
  _load(lang, first) {
    this._useSchema(this._calc.formSchema(lang || this._api.preferredLanguage()), first);
    this._evaluate();
  }

  /** Takes a form schema; with `first`, fills the form with its example. */
  _useSchema(schema, first) {
    const prev = this._lang;
    this._schema = schema;
    this._lang = schema.lang;
    this._L = schema.labels;
    this._fields = schema.fields;
    this._byName = Object.fromEntries(schema.fields.map((f) => [f.name, f]));
    const money = schema.fields.filter((f) => f.kind === 'money').map((f) => f.name);
    if (first) {
      this._values = {};
      for (const [k, v] of Object.entries(schema.example)) {
        const f = this._byName[k];
        if (!f) continue;
        this._values[k] = f.kind === 'money' ? (this._parseAmount(v, 'en', 'CNY')?.entry[this._lang] ?? v) : v;
      }
      for (const f of schema.fields) if (f.kind === 'select' && f.default != null) this._values[f.name] ??= f.default;
      const zone = this.getAttribute('zone');
      if (this._option('zone', zone) && zone !== this._values.zone) {
        this._values.zone = zone;
        this._dropOtherZones();
      }
    } else if (prev !== this._lang) {
      // A bare number means 万 in Chinese and units in English: keep each amount exactly.
      for (const k of money) {
        const text = this._parsed[k]?.entry?.[this._lang];
        if (text) this._values[k] = text;
      }
    }
    for (const k of money) this._parse(k);
  }

  _parse(name) {
    this._parsed[name] = this._parseAmount(this._values[name] ?? '', this._lang, this._values.currency || 'CNY') ?? undefined;
  }

  // ---------------------------------------------------------------------------------
  // Input

  _onInput(name, v) {
    if (!this._byName[name] || this._values[name] === v) return;
    this._values[name] = v;
    if (this._dead) {
      this._restart().catch((e) => this._fail(e));
      return;
    }
    const kind = this._byName[name].kind;
    if (name === 'currency') {
      for (const f of this._fields) if (f.kind === 'money') this._parse(f.name);
    } else if (kind === 'money') {
      this._parse(name);
    }
    if (name === 'zone') this._dropOtherZones();
    // A new entry replaces the error the last evaluation found in it.
    delete this._errs[name];
    this._evaluate();
  }

  /** Parcels and factories belong to a zone: keep them only if the selected zone has them. */
  _dropOtherZones() {
    for (const k of ['parcel', 'factory']) {
      const o = this._byName[k]?.options.find((x) => x.value === this._values[k]);
      if (o && o.zone !== this._values.zone) {
        delete this._values[k];
        delete this._good[k];
      }
    }
  }

  /** Puts a value in a field (what-if, a suggestion, a land option) and re-evaluates. */
  _set(changes, focus) {
    for (const [name, value] of Object.entries(changes)) {
      const f = this._byName[name];
      if (!f) continue;
      this._values[name] = f.kind === 'money' ? (this._parseAmount(value, 'en', 'CNY')?.entry[this._lang] ?? value) : value;
      if (f.kind === 'money') this._parse(name);
      if (f.group === 'more') this._open.add('more');
      delete this._errs[name];
    }
    this._evaluate();
    if (focus) this._focusField(focus);
  }

  /** Opens the form (and "more details" when needed) and puts the caret in a field. */
  _focusField(name) {
    const f = this._byName[name];
    if (!f) return;
    this._formOpen = true;
    if (f.group === 'more') this._open.add('more');
    this._render();
    this._box.querySelector(`[data-field="${CSS.escape(name)}"] :is(input, select)`)?.focus();
  }

  // ---------------------------------------------------------------------------------
  // Evaluation

  /** The scenario from the form; fields in `skip` use their last valid value or are left out. */
  _scenario(skip) {
    const sc = {};
    const used = {};
    for (const f of this._fields) {
      const n = f.name;
      let v;
      if (skip.has(n)) v = this._good[n];
      else if (f.kind === 'money') {
        const p = this._parsed[n];
        v = p?.value ?? (p?.code ? this._good[n] : undefined);
      } else if (f.kind === 'boolean') v = this._values[n] === true ? true : undefined;
      else {
        const s = String(this._values[n] ?? '').trim();
        v = s === '' ? undefined : s;
      }
      if (v === undefined) continue;
      used[n] = v;
      const path = n.split('.');
      let o = sc;
      for (const k of path.slice(0, -1)) o = o[k] ??= {};
      o[path.at(-1)] = v;
    }
    return { sc, used };
  }

  _fieldFor(path) {
    return this._fields.find((f) => path === f.name || path.startsWith(f.name + '.') || path.startsWith(f.name + '['))?.name;
  }

  _evaluate() {
    if (!this._calc) return;
    const skip = new Set();
    const errs = {};
    let report;
    let used;
    // A field the engine rejects is left out (its last valid value is used) and the
    // others are evaluated again, so one bad entry never blanks the results.
    for (let round = 0; round < 5; round++) {
      const s = this._scenario(skip);
      used = s.used;
      try {
        report = this._calc.evaluate(s.sc, { lang: this._lang, display: true, asOf: this._asOf ?? undefined });
      } catch (e) {
        if (isTrap(e)) return this._trapped();
        report = { errors: [{ code: 'error', path: '', message: String(e?.message ?? e) }] };
      }
      if (!report.errors?.length) break;
      let more = false;
      for (const e of report.errors) {
        const n = this._fieldFor(e.path || '');
        if (!n) continue;
        errs[n] ??= e.message;
        if (!skip.has(n)) skip.add(n), (more = true);
      }
      if (!more) break;
    }
    this._errs = errs;
    const ok = !report.errors?.length;
    if (ok) {
      Object.assign(this._good, used);
      this._report = report;
    }
    this._general = ok ? [] : report.errors.filter((e) => !this._fieldFor(e.path || ''));
    this._pending = Object.keys(errs).length > 0 || Object.values(this._parsed).some((p) => p?.code);
    this.dataset.pending = String(this._pending);
    this._render();
    if (ok) {
      this._marked();
      this._writeLink();
    }
    this.dispatchEvent(new CustomEvent('result', { detail: report, bubbles: true, composed: true }));
  }

  // ---------------------------------------------------------------------------------
  // Rendering

  _paint(vnode) {
    if (!this._vdom) this._box.replaceChildren();
    patch(this._box, this._vdom ? [this._vdom] : [], [vnode]);
    this._vdom = vnode;
  }

  _render() {
    if (!this._schema) return;
    const L = this._L;
    const r = this._report;
    const staff = this.view === 'staff';
    this._box.setAttribute('lang', this._lang);
    this._box.dataset.view = this.view;
    this._box.dataset.form = this._formOpen ? 'open' : 'closed';
    const body = h(
      'div',
      { class: 'body', 'data-printing': this._staff?.printing || null },
      this._top(),
      this._head(r, staff),
      this._sub(r),
      this._formPane(r),
      h(
        'div',
        { class: 'main' },
        this._general?.length > 0 &&
          h('div', { class: 'errors', role: 'alert', key: 'errors' }, h('p', {}, L.errors), h('ul', {}, this._general.map((e) => h('li', {}, e.message)))),
        r && this._results(r, staff),
      ),
      this._tools(),
      this._staff?.panels(),
      this._staff?.sheets(),
    );
    this._paint(body);
    const head = this._box.querySelector('.head');
    if (head && head !== this._observed) {
      if (this._observed) this._headSize.unobserve(this._observed);
      this._headSize.observe(head);
      this._observed = head;
    }
  }

  _top() {
    const L = this._L;
    return h(
      'div',
      { class: 'top', part: 'top' },
      h('h2', { class: 'title' }, L.title),
      h(
        'div',
        { class: 'langs', role: 'group', 'aria-label': L.language },
        this._schema.languages.map((o) =>
          h(
            'button',
            {
              type: 'button',
              key: o.value,
              lang: o.value,
              'data-lang': o.value,
              'aria-pressed': String(o.value === this._lang),
              onclick: () => this.setAttribute('lang', o.value),
            },
            o.label,
          ),
        ),
      ),
    );
  }

  /** The headline: the enterprise first for an investor, the introducing unit first for staff. */
  _head(r, staff) {
    const s = r?.summary;
    const lines = s ? (staff ? [s.introducingUnit, s.enterprise] : [s.enterprise, s.introducingUnit]) : [];
    const [lead, second] = lines.map((x) => x?.text || '');
    return h(
      'div',
      { class: 'head', part: 'headline' },
      h('p', { class: 'summary', 'data-headline': '', 'aria-live': 'polite' }, lead),
      second && h('p', { class: 'second' }, second),
    );
  }

  _sub(r) {
    const L = this._L;
    return h(
      'div',
      { class: 'sub' },
      r &&
        h(
          'p',
          { class: 'tier' },
          r.tier ? fill(L.tier, { tier: r.tier.name }) : L['tier.none'],
          r.nextTier && h('span', { class: 'next' }, fill(L['tier.next'], { tier: r.nextTier.name, gap: this._money(r.nextTier.shortfall) })),
        ),
      h('p', { class: 'privacy' }, L.privacy),
      h('p', { class: 'stale', role: 'status' }, this._pending ? L.stale : ''),
      this._noticeBox(),
    );
  }

  // ---- form

  _formPane(r) {
    const L = this._L;
    const basic = [];
    const more = [];
    for (const f of this._fields) (f.group === 'more' ? more : basic).push(this._field(f, r));
    const moreOpen = this._open.has('more') || more.some((f) => f.p['data-invalid'] === 'true');
    return h(
      'section',
      { class: 'formpane', 'aria-label': L['form.title'] },
      h(
        'div',
        { class: 'collapsed' },
        h('p', { class: 'sumline' }, this._sumLine()),
        h(
          'button',
          {
            type: 'button',
            class: 'toggle',
            'aria-controls': this._uid + 'form',
            'aria-expanded': String(this._formOpen),
            onclick: () => {
              this._formOpen = !this._formOpen;
              this._render();
              if (this._formOpen) this._box.querySelector('.formbox :is(input, select)')?.focus();
            },
          },
          this._formOpen ? L['form.done'] : L['form.edit'],
        ),
      ),
      h(
        'div',
        { class: 'formbox', id: this._uid + 'form' },
        h(
          'form',
          { class: 'form', novalidate: true, onsubmit: (e) => e.preventDefault() },
          h('h3', { class: 'ftitle' }, L['form.title']),
          basic,
          more.length > 0 &&
            h(
              'details',
              { class: 'more', open: moreOpen, ontoggle: (e) => this._toggled('more', e.target.open) },
              h('summary', {}, L['form.more']),
              more,
            ),
        ),
      ),
    );
  }

  _toggled(key, open) {
    if (this._printing) return;
    if (open) this._open.add(key);
    else this._open.delete(key);
  }

  _field(f, r) {
    const L = this._L;
    const id = this._uid + fieldId(f.name);
    const v = this._values[f.name];
    const ids = { unit: id + '-u', echo: id + '-e', err: id + '-x', help: id + '-h', hint: id + '-s' };
    const p = f.kind === 'money' ? this._parsed[f.name] : null;
    const err = (p?.code && p.message) || this._errs[f.name] || '';
    const hint = !err && p?.suggestion;
    const unit = f.kind === 'money' ? this._moneyUnit() : f.unitLabel;
    const described = [unit && ids.unit, ids.echo, ids.err, hint && ids.hint, f.help && ids.help].filter(Boolean).join(' ');
    const common = { id, name: f.name, 'aria-describedby': described, 'aria-invalid': err ? 'true' : null };
    let control;
    if (f.kind === 'select') {
      const options = f.options.filter((o) => !o.zone || o.zone === this._values.zone);
      control = h(
        'select',
        { ...common, value: v ?? '', onchange: (e) => this._onInput(f.name, e.target.value) },
        !f.required && f.default == null && h('option', { value: '', key: '' }, L['form.none']),
        options.map((o) => h('option', { value: o.value, key: o.value }, o.label)),
      );
    } else if (f.kind === 'boolean') {
      control = h('input', { ...common, type: 'checkbox', checked: v === true, onchange: (e) => this._onInput(f.name, e.target.checked) });
    } else {
      control = h('input', {
        ...common,
        type: f.kind === 'date' ? 'date' : 'text',
        inputmode: f.kind === 'integer' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: f.default ?? '',
        value: v ?? '',
        oninput: (e) => this._onInput(f.name, e.target.value),
      });
    }
    let echo = '';
    if (f.kind === 'money' && !err && p?.value) echo = p.echo;
    if (f.name === 'currency' && r?.inputs?.conversion) {
      const c = r.inputs.conversion;
      echo = [fill(L['form.rate'], { currency: c.currency, rate: c.cnyPerUnit, date: c.date }), c.illustrative && this._illus()];
    }
    const label = h('label', { for: id }, f.label);
    return h(
      'div',
      { class: 'field', key: f.name, 'data-field': f.name, 'data-kind': f.kind, 'data-invalid': String(!!err) },
      f.kind === 'boolean'
        ? h('div', { class: 'check' }, control, label)
        : [label, h('div', { class: 'inp' }, control, unit && h('span', { class: 'unit', id: ids.unit }, unit))],
      h('p', { class: 'echo', id: ids.echo }, echo),
      h('p', { class: 'err', id: ids.err }, err),
      hint &&
        h(
          'div',
          { class: 'suggest', id: ids.hint, role: 'status' },
          h('p', {}, hint.message),
          h('button', { type: 'button', onclick: () => this._set({ [f.name]: hint.value }, f.name) }, hint.action),
        ),
      f.help && h('p', { class: 'help', id: ids.help }, f.help),
    );
  }

  /** The unit of money fields in the selected currency (万元, 万美元; CNY, USD). */
  _moneyUnit() {
    const c = this._values.currency || 'CNY';
    return this._schema.currencyUnits?.[c] ?? this._byName.investment?.unitLabel ?? c;
  }

  _sumLine() {
    const parts = [];
    for (const f of this._fields) {
      if (f.group !== 'basic' || f.name === 'currency') continue;
      const p = this._parsed[f.name];
      const cny = (this._values.currency || 'CNY') === 'CNY';
      const d = f.kind === 'money' && p?.value && cny ? this._money(p.value) : this._display(f);
      if (d) parts.push(f.kind === 'select' ? d : `${f.label} ${d}`);
    }
    return parts.join(' · ');
  }

  /** A field's value for reading (summary line, print-out, comparison), or ''. */
  _display(f) {
    const v = this._values[f.name];
    if (f.kind === 'select') return f.options.find((o) => o.value === v)?.label ?? '';
    if (f.kind === 'boolean') return v === true ? f.label : '';
    if (f.kind === 'money') {
      const p = this._parsed[f.name];
      return p?.value ? p.echo.replace(/^=\s*/, '') : '';
    }
    const s = String(v ?? '').trim();
    return s && f.unitLabel ? `${s} ${f.unitLabel}` : s;
  }

  // ---- results

  // Figures as text: from the report's `display` (made by the engine with the report),
  // else from the engine's formatters.
  _money(a, style = 'compact', r = this._report) {
    if (a == null) return '–';
    const map = { full: 'moneyFull', compact: 'money' }[style];
    const t = map && r?.display?.[map]?.[twoPlaces(a)];
    return t ?? this._api?.formatMoney(a, this._lang, style) ?? a;
  }
  _qty(v, unit, r = this._report) {
    if (v == null) return '–';
    return r?.display?.quantity?.[`${unit}:${v}`] ?? this._api?.formatQuantity(v, unit, this._lang) ?? v;
  }
  _percent(rate, r = this._report) {
    return r?.display?.percent?.[rate] ?? this._api?.formatPercent(rate) ?? rate;
  }
  _illus() {
    return h('span', { class: 'illus', title: this._L['illustrative.hint'] }, this._L.illustrative);
  }
  /** A field's label for running text ("Enter land area"). */
  _fieldLabel(name) {
    return this._byName[name]?.label ?? name;
  }

  _results(r, staff) {
    const L = this._L;
    const whatIf = {};
    for (const w of r.whatIf) (whatIf[w.program] ??= []).push(w);
    // Paying first, then those waiting for an input, then those a what-if can unlock
    // (narrowly missed), then the rest; the policy's order within each.
    const rank = (p) =>
      p.eligible && !p.excludedBy ? (p.needs.length ? 1 : fen(p.total) > 0n ? 0 : 2) : whatIf[p.id] ? 3 : p.inForce ? 4 : 5;
    const sorted = r.programs.map((p, i) => [rank(p), i, p]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
    const forEnterprise = sorted.filter((p) => p.beneficiary === 'enterprise');
    const forUnit = sorted.filter((p) => p.beneficiary !== 'enterprise');
    const firstSched = sorted.find((p) => p.eligible && p.schedule.length)?.id;
    const cards = (list) => list.map((p) => this._card(p, whatIf[p.id] || [], p.id === firstSched));
    const enterprise = h(
      'section',
      { class: 'programs', key: 'enterprise', 'data-beneficiary': 'enterprise', 'aria-labelledby': this._uid + 'pe' },
      h('h3', { id: this._uid + 'pe' }, L['programs.enterprise']),
      cards(forEnterprise),
    );
    const unit =
      forUnit.length > 0 &&
      h(
        'section',
        { class: 'programs', key: 'unit', 'data-beneficiary': 'introducing-unit', 'aria-labelledby': this._uid + 'pu' },
        h('h3', { id: this._uid + 'pu' }, L['programs.unit']),
        h('p', { class: 'note' }, L['programs.unit-note']),
        cards(forUnit),
      );
    return [
      this._inputsList(),
      this._staff?.offers(r),
      this._totals(r, staff),
      staff && this._staff?.staffSections(r),
      staff ? [unit, enterprise] : [enterprise, unit],
      this._land(r.land),
      r.warnings.length > 0 &&
        h('section', { class: 'notes', key: 'notes' }, h('h3', {}, L.notes), h('ul', {}, r.warnings.map((w) => h('li', { 'data-code': w.code }, w.message)))),
      this._policy(r),
    ];
  }

  /** What was entered, for the print-out. */
  _inputsList() {
    const rows = [];
    for (const f of this._fields) {
      const d = this._display(f);
      if (d) rows.push(h('dt', {}, f.label), h('dd', {}, d));
    }
    return h('section', { class: 'inputs', key: 'inputs' }, h('h3', {}, this._L.inputs), h('dl', {}, rows));
  }

  /** Totals per beneficiary: over the horizon and in present value. */
  _totals(r, staff) {
    const L = this._L;
    const s = r.summary;
    const rate = this._percent(r.inputs.discountRate, r);
    const row = (key, label, x) =>
      h(
        'div',
        { class: 'trow', key, 'data-receiver': key },
        h('dt', {}, label),
        h('dd', {}, h('span', { class: 'tl' }, fill(L['totals.total'], { years: s.horizonYears })), h('span', { class: 'num' }, this._money(x.total, 'full'))),
        h('dd', {}, h('span', { class: 'tl' }, fill(L['totals.pv'], { rate })), h('span', { class: 'num' }, this._money(x.npv, 'full'))),
      );
    const rows = [row('enterprise', L['totals.enterprise'], s.enterprise), row('introducing-unit', L['totals.unit'], s.introducingUnit)];
    // In the staff view, the range the totals take when the tax estimate is off.
    if (staff && this._staff) this._staff.bandRows(rows, h);
    return h('section', { class: 'totals', key: 'totals', 'aria-label': L['totals.title'] }, h('h3', { class: 'sr' }, L['totals.title']), h('dl', {}, staff ? rows.reverse() : rows));
  }

  _card(p, whatIfs, openSched) {
    const L = this._L;
    const hid = this._uid + 'p-' + fieldId(p.id);
    const counted = p.eligible && !p.excludedBy;
    const needs = counted && p.needs.length > 0;
    const zero = counted && !needs && fen(p.total) === 0n;
    // Ceilings ("up to") and terms set case by case are said in words (p.explanation).
    const apart = counted && !needs && (p.upTo || p.negotiable);
    const state = !p.inForce ? 'not-in-force' : p.excludedBy ? 'excluded' : !p.eligible ? 'missed' : needs ? 'needs' : zero ? (p.negotiable ? 'negotiable' : 'zero') : 'paying';
    const verdict = {
      negotiable: L['card.negotiable'],
      paying: L['card.eligible'],
      needs: L['card.needs'],
      zero: L['card.zero'],
      excluded: L['card.excluded'],
      missed: L['card.not-eligible'],
      'not-in-force': L['card.not-in-force'],
    }[state];
    const near = !p.eligible && whatIfs.length > 0;
    return h(
      'article',
      {
        class: 'card',
        key: p.id,
        'data-program': p.id,
        'data-state': state,
        'data-eligible': String(p.eligible),
        'data-near': near,
        'data-in-force': String(p.inForce),
        'aria-labelledby': hid,
      },
      h(
        'header',
        {},
        h('h4', { id: hid }, p.name),
        h(
          'p',
          { class: 'verdict' },
          h('span', { class: 'mk', 'aria-hidden': 'true' }, state === 'needs' ? '◐' : mark(state === 'paying' || state === 'negotiable' ? true : state === 'zero' ? null : false)),
          h('span', {}, verdict),
          near && h('span', { class: 'near' }, L['card.near']),
          p.illustrative && this._illus(),
        ),
      ),
      h('p', { class: 'benef' }, fill(L['card.paid-to'], { beneficiary: p.beneficiaryLabel })),
      // A ceiling's total is said with its "up to" in p.explanation (below), not as a firm amount.
      state === 'paying' &&
        !p.upTo &&
        h(
          'p',
          { class: 'amount' },
          fillNode(L['card.amount'], { years: this._report?.summary?.horizonYears ?? '', npv: this._money(p.npv, 'full') }, 'total', h('strong', {}, this._money(p.total))),
        ),
      needs &&
        h(
          'div',
          { class: 'needs' },
          h('p', {}, p.explanation),
          p.needs
            .filter((n) => this._byName[n])
            .map((n) => h('button', { type: 'button', key: n, 'data-needs': n, onclick: () => this._focusField(n) }, fill(L['card.enter'], { field: this._fieldLabel(n) }))),
        ),
      apart && h('p', { class: 'terms' }, p.explanation),
      h('p', { class: 'desc' }, p.summary),
      (state === 'missed' || state === 'not-in-force' || state === 'excluded') && p.reason && h('p', { class: 'reason' }, p.reason),
      p.legalReview && h('p', { class: 'review' }, p.legalReview),
      p.capped && h('p', { class: 'capped' }, L['card.capped']),
      h('div', { class: 'crit' }, h('h5', {}, L['card.criteria']), this._crit(p.criteria, true)),
      whatIfs.map((w) => this._whatIf(w)),
      p.schedule.length > 0 && this._schedule(p, openSched),
      p.obligations.length > 0 &&
        h(
          'div',
          { class: 'oblig' },
          h('h5', {}, L['card.obligations']),
          h('ul', {}, p.obligations.map((o) => h('li', {}, o.text, o.clawback && h('span', { class: 'claw' }, ' ' + fill(L['card.clawback'], { text: o.clawback }))))),
        ),
      h('p', { class: 'src' }, p.sourceText),
    );
  }

  _crit(c, top) {
    const L = this._L;
    if (c.kind === 'all' || c.kind === 'any' || c.kind === 'not' || c.kind === 'atLeast') {
      const kids = c.kind === 'not' ? [c.child] : c.children;
      const list = h('ul', { class: 'cl' }, kids.map((k) => this._crit(k)));
      if (top && c.kind === 'all') return list;
      const li = h('li', { class: 'grp', 'data-met': String(c.met) }, h('span', { class: 'gl' }, h('span', { class: 'mk' }, mark(c.met)), ' ', fill(L['crit.' + c.kind], { n: c.atLeast })), list);
      return top ? h('ul', { class: 'cl' }, li) : li;
    }
    const bar =
      c.kind === 'compare' &&
      /^\d{1,3}(\.\d+)?$/.test(c.progress) &&
      h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'fill', style: { width: `${c.progress}%` } }));
    const li = h('li', { class: 'leaf', 'data-field': c.field, 'data-met': String(c.met), 'data-guidance': c.guidance || null }, h('span', { class: 'ct' }, c.text), c.illustrative && this._illus(), bar);
    return top ? h('ul', { class: 'cl' }, li) : li;
  }

  _whatIf(w) {
    const money = w.changes.some((c) => c.unit === 'cny');
    const can =
      w.changes.every((c) => this._byName[c.field] && this._byName[c.field].kind !== 'boolean') &&
      (!money || (this._values.currency || 'CNY') === 'CNY');
    return h(
      'div',
      { class: 'whatif', key: 'whatif:' + w.program, 'data-whatif': w.program },
      h('p', {}, w.text),
      can &&
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              this._formOpen = true;
              this._set(Object.fromEntries(w.changes.map((c) => [c.field, c.to])), w.changes[0]?.field);
            },
          },
          this._L['whatif.apply'],
        ),
    );
  }

  _schedule(p, openByDefault) {
    const L = this._L;
    const key = 'sched:' + p.id;
    const rows = p.schedule;
    const hasBase = rows.some((r) => r.base != null);
    const hasRate = rows.some((r) => r.rate != null);
    const num = (text, cls) => h('td', { class: cls ? `num ${cls}` : 'num' }, text);
    const table = h(
      'table',
      { class: 'sched', 'data-schedule': p.id },
      h('caption', { class: 'sr' }, `${p.name} · ${L.schedule}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, L['schedule.year']),
          hasBase && h('th', { scope: 'col', class: 'num base' }, L['schedule.base']),
          hasRate && h('th', { scope: 'col', class: 'num' }, L['schedule.rate']),
          h('th', { scope: 'col', class: 'num' }, L['schedule.amount']),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { key: r.operatingYear, 'data-year': r.operatingYear },
            h('th', { scope: 'row' }, fill(L['schedule.year-n'], { n: r.operatingYear, year: r.calendarYear })),
            hasBase && num(this._qty(r.base?.value, r.base?.unit), 'base'),
            hasRate && h('td', { class: 'num', 'data-rate': r.rate }, r.rate == null ? '–' : this._percent(r.rate)),
            num(this._money(r.amount, 'full')),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h('tr', {}, h('th', { scope: 'row' }, L['schedule.total']), hasBase && h('td', { class: 'base' }), hasRate && h('td'), num(this._money(p.total, 'full'))),
      ),
    );
    const open = this._open.has(key) || (openByDefault && !this._open.has('closed:' + key));
    return h(
      'div',
      { class: 'schedbox' },
      this._chart(rows),
      h(
        'details',
        {
          'data-key': key,
          open,
          ontoggle: (e) => {
            if (this._printing) return;
            this._toggled(key, e.target.open);
            if (e.target.open) this._open.delete('closed:' + key);
            else this._open.add('closed:' + key);
          },
        },
        h('summary', {}, L.schedule),
        h('div', { class: 'tw' }, table),
        h(
          'details',
          { class: 'howbox', 'data-key': 'how:' + p.id, open: this._open.has('how:' + p.id), ontoggle: (e) => this._toggled('how:' + p.id, e.target.open) },
          h('summary', {}, L['schedule.how']),
          h('ol', { class: 'how' }, rows.map((r) => h('li', { key: r.operatingYear }, r.explanation))),
          h('p', { class: 'how' }, p.explanation),
          p.benefits.map((b) => b.sourceText !== p.sourceText && h('p', { class: 'src', key: b.id }, `${b.name}: ${b.sourceText}`)),
        ),
      ),
    );
  }

  /** Bars per year; heights from fen as BigInt, so no float ever touches money. */
  _chart(rows) {
    const amounts = rows.map((r) => fen(r.amount));
    const max = amounts.reduce((a, b) => (b > a ? b : a), 0n);
    const n = rows.length;
    return h(
      'figure',
      { class: 'chartbox', style: { '--n': String(n) } },
      h(
        'svg',
        { class: 'chart', viewBox: `0 0 ${n * 10} 40`, preserveAspectRatio: 'none', role: 'img', 'aria-label': this._L['schedule.chart'] },
        rows.map((r, i) => {
          const ht = max > 0n ? (amounts[i] * 400n) / max : 0n;
          return h('rect', { key: r.operatingYear, x: String(i * 10 + 1), width: '8', y: tenths(400n - ht), height: tenths(ht) }, h('title', {}, r.explanation));
        }),
      ),
      h('figcaption', { 'aria-hidden': 'true' }, h('span', {}, rows[0].calendarYear), n > 1 && h('span', {}, rows[n - 1].calendarYear)),
    );
  }

  _land(zones) {
    const L = this._L;
    if (!zones.length) return null;
    const status = (fits, checks) => (fits ? true : checks.some((c) => c.met === false) ? false : null);
    const word = (st) => (st === true ? L['land.fits'] : st === false ? L['land.no-fit'] : L['land.unchecked']);
    const checks = (list) => h('ul', { class: 'checks' }, list.map((c) => h('li', { key: c.check, 'data-check': c.check, 'data-met': String(c.met) }, c.text)));
    const head = (st, name, illus, extra) => [
      h('span', { class: 'mk', 'aria-hidden': 'true' }, mark(st)),
      h('span', { class: 'sr' }, word(st) + ': '),
      h('span', { class: 'nm' }, name, illus && this._illus()),
      h('span', { class: 'cost' }, extra || ''),
    ];
    const item = (kind, o, st, extra, body) => {
      const key = `${kind}:${o.id}`;
      return h(
        'li',
        { key: o.id, [`data-${kind}`]: o.id, 'data-fits': String(o.fits) },
        h('details', { 'data-key': key, open: this._open.has(key), ontoggle: (e) => this._toggled(key, e.target.open) }, h('summary', {}, head(st, o.name, o.illustrative, extra)), body),
      );
    };
    return h(
      'section',
      { class: 'land', key: 'land' },
      h('h3', {}, L['land.title']),
      zones.map((z) =>
        h(
          'section',
          { class: 'zone', key: z.zone, 'data-zone': z.zone },
          h('h4', {}, z.name, z.illustrative && this._illus()),
          z.maxSupportedMu && h('p', { class: 'supports' }, fill(L['land.supports'], { area: this._qty(z.maxSupportedMu, 'mu') })),
          z.parcels.length > 0 && h('h5', {}, L['land.parcels']),
          z.parcels.length > 0 &&
            h(
              'ul',
              { class: 'opts' },
              z.parcels.map((o) =>
                item('parcel', o, status(o.fits, o.checks), this._money(o.cost), [
                  h('p', {}, [o.landUse, this._qty(o.areaMu, 'mu'), this._qty(o.pricePerMu, 'cnyPerMu'), fill(L['land.available'], { date: o.availableFrom })].join(' · ')),
                  h('p', {}, fill(L['land.cost'], { area: this._qty(o.usedMu, 'mu'), cost: this._money(o.cost, 'full') })),
                  checks(o.checks),
                ]),
              ),
            ),
          z.factories.length > 0 && h('h5', {}, L['land.factories']),
          z.factories.length > 0 &&
            h(
              'ul',
              { class: 'opts' },
              z.factories.map((o) =>
                item('factory', o, status(o.fits, o.checks), o.annualRent ? this._money(o.annualRent) : '', [
                  h('p', {}, [this._qty(o.floorArea, 'm2'), fill(L['land.rent'], { rent: this._money(o.rentPerM2Month, 'full') })].join(' · ')),
                  o.annualRent && h('p', {}, fill(L['land.annual-rent'], { area: this._qty(o.usedArea, 'm2'), rent: this._money(o.annualRent, 'full') })),
                  o.purchasePrice && h('p', {}, fill(L['land.purchase'], { area: this._qty(o.usedArea, 'm2'), price: this._money(o.purchasePrice, 'full') })),
                  checks(o.checks),
                ]),
              ),
            ),
        ),
      ),
    );
  }

  _policy(r) {
    const L = this._L;
    const url = /^https?:\/\//.test(r.policy.source.url || '') ? r.policy.source.url : null;
    return h(
      'footer',
      { class: 'policy', key: 'policy' },
      h('p', {}, h('strong', {}, r.policy.name), ' · ', fill(L['policy.version'], { version: r.policy.version })),
      h('p', {}, r.policy.sourceText, url && [' ', h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url)]),
      r.asOf && h('p', {}, fill(L['policy.as-of'], { date: r.asOf })),
      h('p', { class: 'disclaimer' }, r.policy.disclaimer),
    );
  }

  // ---------------------------------------------------------------------------------
  // The share link: the scenario, the language and the view in the page URL's fragment
  // (never sent to a server), kept up to date with replaceState. Format (README):
  //   #ic=1&policy=<id>&version=<version>&lang=<tag>&view=<view>&asOf=<date>&<field>=<value>…
  // with each form field's value as the engine reads it (amounts in units, not 万).

  /** Whether this element owns the page's fragment (the first calculator, unless `link="off"`). */
  get _linked() {
    return this.getAttribute('link') !== 'off' && document.querySelector(tagName) === this;
  }

  /** The link's parameters for the current figures (or for `values`, `parsed` of an offer). */
  _linkParams(values = this._values, parsed = this._parsed, asOf = this._asOf ?? this._report?.asOf) {
    const q = new URLSearchParams();
    q.set('ic', LINK_FORMAT);
    q.set('policy', this._report?.policy.id ?? '');
    q.set('version', this._report?.policy.version ?? '');
    q.set('lang', this._lang);
    q.set('view', this.view);
    if (asOf) q.set('asOf', asOf);
    for (const f of this._fields) {
      const v = f.kind === 'money' ? parsed[f.name]?.value : values[f.name];
      if (v == null || v === '' || v === false) continue;
      q.set(f.name, String(v));
    }
    return q;
  }

  /** The share link (this page's address with the figures in its fragment). */
  link(values, parsed) {
    const u = new URL(location.href);
    u.hash = this._linkParams(values, parsed).toString();
    return u.href;
  }

  _writeLink() {
    if (!this._linked || !this._report) return;
    const hash = '#' + this._linkParams().toString();
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }

  /**
   * Reads a share link from the page's fragment: the figures, language and view, with a
   * notice when the link cannot be read or was made with another policy version.
   */
  _readLink() {
    if (!this._linked || !location.hash.includes('ic=')) return null;
    const q = new URLSearchParams(location.hash.slice(1));
    if (q.get('ic') !== LINK_FORMAT) return { notice: 'link.bad' };
    const out = { values: {}, lang: q.get('lang'), view: q.get('view'), asOf: q.get('asOf'), policy: q.get('policy'), version: q.get('version') };
    for (const [k, v] of q) if (!LINK_KEYS.includes(k)) out.values[k] = v;
    return out;
  }

  /** Puts a link's figures in the form (amounts as the form shows them in its language). */
  _applyLink(link) {
    const known = Object.keys(link.values).filter((k) => this._byName[k]);
    if (known.length !== Object.keys(link.values).length || !known.includes('zone')) {
      this._notice = { key: 'link.bad' };
      return;
    }
    const info = this._calc.policyInfo(this._lang);
    if (link.policy !== info.id || link.version !== info.version) {
      this._notice = { key: 'link.other-policy', args: { policy: `${link.policy} ${link.version}`, now: `${info.id} ${info.version}` } };
    }
    this._values = {};
    for (const f of this._fields) if (f.kind === 'select' && f.default != null) this._values[f.name] = f.default;
    const currency = link.values.currency || 'CNY';
    for (const [k, v] of Object.entries(link.values)) {
      const f = this._byName[k];
      this._values[k] = f.kind === 'money' ? (this._parseAmount(v, 'en', currency)?.entry[this._lang] ?? v) : f.kind === 'boolean' ? v === 'true' : v;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(link.asOf || '')) this._asOf = link.asOf;
    for (const f of this._fields) if (f.kind === 'money') this._parse(f.name);
  }

  async _copyLink() {
    const href = this.link();
    let ok = false;
    try {
      await navigator.clipboard.writeText(href);
      ok = true;
    } catch {
      // No clipboard (an insecure page, or refused): the link is shown to copy by hand.
    }
    this._notice = { key: ok ? 'link.copied' : 'link.copy-by-hand', text: ok ? null : href };
    this._render();
  }

  // ---------------------------------------------------------------------------------
  // Staff tools (offers side by side, term sheet, CSV, scenario files, a zone's policy
  // file, the staff view's targets, tax band and threshold curve) load on demand from
  // invest-calculator-staff.js. They are drawn last, so the keyboard reaches them last.

  /** The staff tools, loaded once. */
  _staffTools() {
    // Inlined, the staff tools import this very module by its blob URL.
    const src = INLINE ? moduleUrl(INLINE.staff.replace(/(["'])\.\/invest-calculator\.js\1/, JSON.stringify(HERE))) : new URL('./invest-calculator-staff.js', HERE).href;
    this._staffLoad ??= import(src).then(
      (m) => (this._staff = new m.StaffTools(this)),
      (e) => {
        this._staffLoad = null;
        throw e;
      },
    );
    return this._staffLoad;
  }

  /** Runs a staff tool, loading the tools first. */
  _tool(name, ...args) {
    if (this._dead) return this._restart().then(() => this._tool(name, ...args));
    this._staffTools().then(
      (st) => {
        try {
          return st[name](...args);
        } catch (e) {
          if (isTrap(e)) return this._trapped();
          throw e;
        }
      },
      (e) => {
        this._notice = { key: 'load-failed', args: { detail: String(e?.message ?? e) } };
        this._render();
      },
    );
  }

  _tools() {
    const L = this._L;
    const b = (cls, label, on) => h('button', { type: 'button', class: cls, key: cls, onclick: on }, label);
    return h(
      'div',
      { class: 'tools', role: 'group', 'aria-label': L['tools.title'] },
      b('copylink', L['link.copy'], () => this._copyLink()),
      b('pin', L['offers.keep'], () => this._tool('keep')),
      b('print', L['sheet.print'], () => this._tool('print')),
      b('csv', L['csv.download'], () => this._tool('downloadCsv')),
      b('export', L['scenario.export'], () => this._tool('exportScenario')),
      b('import', L['scenario.import'], () => this._tool('importScenario')),
      b('policyfile', L['policy.load'], () => this._tool('pickPolicy')),
    );
  }

  _noticeBox() {
    const n = this._notice;
    if (!n) return null;
    const L = this._L;
    return h(
      'div',
      { class: 'notice', role: 'status', key: 'notice', 'data-notice': n.key },
      h('p', {}, fill(L[n.key] ?? n.key, n.args || {})),
      n.text && h('input', { type: 'text', readonly: true, value: n.text, 'aria-label': L['link.copy'], onfocus: (e) => e.target.select() }),
      n.key === 'link.as-of' && h('button', { type: 'button', onclick: () => this._useToday() }, L['link.use-today']),
      h('button', { type: 'button', class: 'close', 'aria-label': L['notice.close'], onclick: () => ((this._notice = null), this._render()) }, '×'),
    );
  }

  /** Drops the link's date: the rules of today. */
  _useToday() {
    this._asOf = null;
    this._notice = null;
    this._evaluate();
  }

  _openAll(on) {
    this._printing = on;
    for (const d of this._box.querySelectorAll('details')) {
      if (on) {
        d.dataset.was = String(d.open);
        d.open = true;
      } else if (d.dataset.was) {
        d.open = d.dataset.was === 'true';
        delete d.dataset.was;
      }
    }
  }
}

// Register, even when the name is taken (another copy or another product): then use a
// free fallback name, as Ruffle does, and say which.
let tagName = 'invest-calculator';
const taken = customElements.get(tagName);
if (taken && taken !== InvestCalculator) {
  let i = 1;
  while (customElements.get(`${tagName}-${i}`)) i++;
  const fallback = `${tagName}-${i}`;
  console.info(`<${tagName}> is already defined on this page; this calculator is registered as <${fallback}>.`);
  tagName = fallback;
}
if (!customElements.get(tagName)) customElements.define(tagName, InvestCalculator);
export { tagName, h, fill, fen, twoPlaces, today };
