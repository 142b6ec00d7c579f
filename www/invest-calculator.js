// <invest-calculator>: the investment-incentive calculator as one custom element.
//
// Plain ES module, shadow DOM, no framework, no bundler. Every word and figure on screen
// comes from the Rust core (form schema, report, catalogue, formatters); this file only
// lays them out. Text reaches the DOM through textContent and attributes, never as HTML.
// Money is never turned into a JS number: bar widths come from the report's `progress`
// strings, chart heights from BigInt arithmetic on fen.
//
// Embed:  <script type="module" src="./invest-calculator.js"></script>
//         <invest-calculator lang="zh-Hans"></invest-calculator>
// Attributes: lang (zh-Hans | zh-Hant | en), zone (preselected zone id), policy (URL of a
// policy JSON on the same site). Events: `result` (detail: the report) after every
// evaluation. Methods: policyInfo(lang), property `report`.

const HERE = import.meta.url;
const SVG = 'http://www.w3.org/2000/svg';
const WAIT = 150;
let apiPromise;
let seq = 0;

/** Loads and initialises the wasm module once per page. */
function loadApi() {
  apiPromise ??= import(new URL('./pkg/investcalc.js', HERE).href).then(async (m) => {
    await m.default();
    return m;
  });
  apiPromise.catch(() => {
    apiPromise = undefined;
  });
  return apiPromise;
}

/** An element: props are attributes, `text`, `class` and `on*` listeners; kids are nodes or text. */
function el(tag, props, ...kids) {
  const e = document.createElement(tag);
  set(e, props);
  for (const k of kids.flat(4)) if (k != null && k !== false && k !== '') e.append(k);
  return e;
}
function svg(tag, props) {
  const e = document.createElementNS(SVG, tag);
  set(e, props);
  return e;
}
function set(e, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
}
/** Fills `{name}` placeholders of an interface text. */
function fill(text, args) {
  return String(text ?? '').replace(/\{(\w+)\}/g, (m, k) => (k in args ? args[k] : m));
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
    return ['lang', 'zone', 'policy'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this._cssReady = new Promise((ok) => {
      root.append(
        el('link', {
          rel: 'stylesheet',
          href: new URL('./invest-calculator.css', HERE).href,
          onload: ok,
          onerror: ok,
        }),
      );
    });
    // Until the calculator is ready, the host page's own content (if any) shows.
    this._box = el('div', { class: 'ic', part: 'calculator' }, el('slot'));
    root.append(this._box);
    this._box.addEventListener('toggle', (e) => this._remember(e), true);
    this._uid = `ic${++seq}-`;
    this._values = {};
    this._good = {};
    this._parsed = {};
    this._errs = {};
    this._open = new Set();
    this._formOpen = false;
    this._onPrint = () => this._openAll(true);
    this._onPrinted = () => this._openAll(false);
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
    clearTimeout(this._timer);
  }

  attributeChangedCallback(name, old, val) {
    if (!this._calc || old === val) return;
    if (name === 'policy') this._start();
    else if (name === 'lang') this._load(val);
    else if (name === 'zone' && this._option('zone', val)) {
      this._values.zone = val;
      this._renderForm();
      this._evaluate();
    }
  }

  /** The last report shown (null before the first evaluation). */
  get report() {
    return this._report ?? null;
  }

  /** Facts about the policy (zones with descriptions, version, source) in a language. */
  policyInfo(lang) {
    return this._calc ? this._calc.policyInfo(lang || this._lang) : null;
  }

  async _start() {
    this.dataset.state = 'loading';
    try {
      const api = (this._api = await loadApi());
      const src = this.getAttribute('policy');
      let calc;
      if (src) {
        const url = new URL(src, document.baseURI);
        if (url.origin !== location.origin) throw new Error(url.href);
        const res = await fetch(url, { credentials: 'same-origin' });
        if (!res.ok) throw new Error(`${res.status} ${url.pathname}`);
        calc = new api.Calculator(await res.json());
      } else {
        calc = api.Calculator.withDefaultPolicy();
      }
      this._calc?.free?.();
      this._calc = calc;
      this._good = {};
      await this._cssReady;
      this._load(this.getAttribute('lang'), true);
      this.dataset.state = 'ready';
    } catch (e) {
      this._fail(e);
    }
  }

  _fail(e) {
    this.dataset.state = 'error';
    let head = '';
    try {
      const c = this._api.Calculator.withDefaultPolicy();
      head = c.formSchema(this.getAttribute('lang')).labels['load-failed'];
      c.free();
    } catch {
      head = '{detail}';
    }
    const first = String(e?.message ?? e).split('\n')[0];
    const rest = (e?.issues || []).map((i) => `${i.path}: ${i.message}`).join('\n');
    this._box.replaceChildren(
      el('div', { class: 'fail', role: 'alert' }, el('p', { text: fill(head, { detail: first }) }), rest && el('pre', { text: rest })),
    );
  }

  _option(field, value) {
    return this._byName?.[field]?.options.some((o) => o.value === value);
  }

  /** Loads the form schema in a language and redraws everything. */
  _load(lang, first) {
    const api = this._api;
    const prev = this._lang;
    const schema = this._calc.formSchema(lang || api.preferredLanguage());
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
        this._values[k] = f.kind === 'money' ? (api.parseAmount(v, 'en', 'CNY').entry[this._lang] ?? v) : v;
      }
      for (const f of schema.fields) if (f.kind === 'select' && f.default != null) this._values[f.name] ??= f.default;
      const zone = this.getAttribute('zone');
      if (this._option('zone', zone)) this._values.zone = zone;
    } else if (prev !== this._lang) {
      // A bare number means 万元 in Chinese and units in English: keep the amount.
      for (const k of money) {
        const text = this._parsed[k]?.entry?.[this._lang];
        if (text) this._values[k] = text;
      }
    }
    for (const k of money) this._parse(k);
    this._renderShell();
    this._renderForm();
    this._evaluate();
  }

  _parse(name) {
    this._parsed[name] = this._api.parseAmount(this._values[name] ?? '', this._lang, this._values.currency || 'CNY');
  }

  // ---------------------------------------------------------------------------------
  // Shell: toolbar, headline, form pane, results

  _renderShell() {
    const L = this._L;
    const focusLang = this.shadowRoot.activeElement?.dataset?.lang;
    const langs = el(
      'div',
      { class: 'langs', role: 'group', 'aria-label': L.language },
      this._schema.languages.map((o) =>
        el('button', {
          type: 'button',
          lang: o.value,
          'data-lang': o.value,
          'aria-pressed': String(o.value === this._lang),
          text: o.label,
          onclick: () => this.setAttribute('lang', o.value),
        }),
      ),
    );
    this._pinBtn = el('button', { type: 'button', class: 'pin', onclick: () => this._pin() });
    const tools = el(
      'div',
      { class: 'tools' },
      this._pinBtn,
      el('button', { type: 'button', class: 'print', text: L.print, onclick: () => this._print() }),
    );
    this._summary = el('p', { class: 'summary', 'data-headline': '', 'aria-live': 'polite' });
    this._tier = el('p', { class: 'tier' });
    this._stale = el('p', { class: 'stale', role: 'status' });
    this._formBox = el('div', { class: 'formbox', id: this._uid + 'form' });
    this._sumLine = el('p', { class: 'sumline' });
    this._toggle = el('button', {
      type: 'button',
      class: 'toggle',
      'aria-controls': this._uid + 'form',
      onclick: () => {
        this._formOpen = !this._formOpen;
        this._paintToggle();
        if (this._formOpen) this._formBox.querySelector('input,select')?.focus();
      },
    });
    this._main = el('div', { class: 'main' });
    this._box.replaceChildren(
      el('div', { class: 'top' }, el('h2', { class: 'title', text: L.title }), langs),
      tools,
      el('div', { class: 'head' }, this._summary),
      el('div', { class: 'sub' }, this._tier, el('p', { class: 'privacy', text: L.privacy }), this._stale),
      el(
        'section',
        { class: 'formpane', 'aria-label': L['form.title'] },
        el('div', { class: 'collapsed' }, this._sumLine, this._toggle),
        this._formBox,
      ),
      this._main,
    );
    this._box.setAttribute('lang', this._lang);
    this._paintToggle();
    this._paintPin();
    if (focusLang) this._box.querySelector(`[data-lang="${focusLang}"]`)?.focus();
  }

  _paintToggle() {
    this._box.dataset.form = this._formOpen ? 'open' : 'closed';
    this._toggle.setAttribute('aria-expanded', String(this._formOpen));
    this._toggle.textContent = this._formOpen ? this._L['form.done'] : this._L['form.edit'];
  }

  _remember(e) {
    const key = e.target?.dataset?.key;
    if (!key || this._printing) return;
    if (e.target.open) this._open.add(key);
    else this._open.delete(key);
  }

  // ---------------------------------------------------------------------------------
  // Form

  _renderForm() {
    const L = this._L;
    const basic = [];
    const more = [];
    for (const f of this._fields) (f.group === 'more' ? more : basic).push(this._field(f));
    const form = el(
      'form',
      {
        class: 'form',
        novalidate: true,
        onsubmit: (e) => e.preventDefault(),
        oninput: (e) => this._onInput(e.target),
        onchange: (e) => this._onInput(e.target),
      },
      el('h3', { class: 'ftitle', text: L['form.title'] }),
      basic,
      more.length &&
        el(
          'details',
          { class: 'more', 'data-key': 'more', open: this._open.has('more') },
          el('summary', { text: L['form.more'] }),
          more,
        ),
    );
    this._formBox.replaceChildren(form);
    for (const f of this._fields) this._paintField(f.name);
    this._paintSumLine();
    this._paintRate(this._report);
  }

  _field(f) {
    const L = this._L;
    const id = this._uid + fieldId(f.name);
    const v = this._values[f.name];
    const ids = { unit: id + '-u', echo: id + '-e', err: id + '-x', help: id + '-h' };
    const described = [(f.unitLabel || f.kind === 'money') && ids.unit, ids.echo, ids.err, f.help && ids.help].filter(Boolean).join(' ');
    let control;
    if (f.kind === 'select') {
      control = el(
        'select',
        { id, name: f.name, 'aria-describedby': described },
        !f.required && f.default == null && el('option', { value: '', text: L['form.none'] }),
        f.options.map((o) => el('option', { value: o.value, text: o.label, selected: o.value === v })),
      );
    } else if (f.kind === 'boolean') {
      control = el('input', { type: 'checkbox', id, name: f.name, checked: v === true, 'aria-describedby': described });
    } else {
      control = el('input', {
        type: f.kind === 'date' ? 'date' : 'text',
        id,
        name: f.name,
        inputmode: f.kind === 'integer' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: f.default ?? '',
        value: v ?? '',
        'aria-describedby': described,
      });
    }
    const unit = f.kind === 'money' ? this._moneyUnit() : f.unitLabel;
    const label = el('label', { for: id, text: f.label });
    const box =
      f.kind === 'boolean'
        ? el('div', { class: 'check' }, control, label)
        : [label, el('div', { class: 'inp' }, control, unit && el('span', { class: 'unit', id: ids.unit, text: unit }))];
    return el(
      'div',
      { class: 'field', 'data-field': f.name, 'data-kind': f.kind },
      box,
      el('p', { class: 'echo', id: ids.echo }),
      el('p', { class: 'err', id: ids.err }),
      f.help && el('p', { class: 'help', id: ids.help, text: f.help }),
    );
  }

  /** The unit of money fields in the selected currency (万元, 万美元; CNY, USD). */
  _moneyUnit() {
    const c = this._values.currency || 'CNY';
    return this._schema.currencyUnits?.[c] ?? this._byName.investment?.unitLabel ?? c;
  }

  /** Under the currency field: the rate the report converted at (marked when illustrative). */
  _paintRate(r) {
    const box = this._formBox.querySelector('.field[data-field="currency"] .echo');
    if (!box) return;
    const c = r?.inputs?.conversion;
    box.replaceChildren(
      ...(c ? [fill(this._L['form.rate'], { currency: c.currency, rate: c.cnyPerUnit, date: c.date }), c.illustrative ? this._illus() : ''] : []),
    );
  }

  _onInput(t) {
    const name = t?.name;
    if (!name || !this._byName[name]) return;
    const v = t.type === 'checkbox' ? t.checked : t.value;
    if (this._values[name] === v) return;
    this._values[name] = v;
    if (name === 'currency') {
      for (const f of this._fields) {
        if (f.kind !== 'money') continue;
        this._parse(f.name);
        this._paintField(f.name);
        const u = this._formBox.querySelector(`.field[data-field="${f.name}"] .unit`);
        if (u) u.textContent = this._moneyUnit();
      }
    } else if (this._byName[name].kind === 'money') {
      this._parse(name);
    }
    // A new entry replaces the error the last evaluation found in it.
    delete this._errs[name];
    this._paintField(name);
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._evaluate(), WAIT);
  }

  /** Shows a field's echo or its error (parse error first, then the report's). */
  _paintField(name) {
    const wrap = this._formBox.querySelector(`[data-field="${name}"]`);
    if (!wrap) return;
    const p = this._parsed[name];
    const err = (p?.code && p.message) || this._errs[name] || '';
    const input = wrap.querySelector('input,select');
    wrap.querySelector('.err').textContent = err;
    if (this._byName[name].kind === 'money') wrap.querySelector('.echo').textContent = !err && p?.value ? p.echo : '';
    wrap.dataset.invalid = String(!!err);
    if (err && this._byName[name].group === 'more') {
      const more = this._formBox.querySelector('details.more');
      if (more && !more.open) more.open = true;
    }
    if (err) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  _paintSumLine() {
    const parts = [];
    for (const f of this._fields) {
      if (f.group !== 'basic') continue;
      if (f.name === 'currency') continue;
      const p = this._parsed[f.name];
      const cny = (this._values.currency || 'CNY') === 'CNY';
      const d = f.kind === 'money' && p?.value && cny ? this._money(p.value) : this._display(f);
      if (d) parts.push(f.kind === 'select' ? d : `${f.label} ${d}`);
    }
    this._sumLine.textContent = parts.join(' · ');
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
    clearTimeout(this._timer);
    if (!this._calc) return;
    const skip = new Set();
    const errs = {};
    let report;
    let used;
    for (let round = 0; round < 5; round++) {
      const s = this._scenario(skip);
      used = s.used;
      try {
        report = this._calc.evaluate(s.sc, { lang: this._lang });
      } catch (e) {
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
    if (ok) Object.assign(this._good, used);
    for (const f of this._fields) this._paintField(f.name);
    this._paintSumLine();
    const pending = Object.keys(errs).length > 0 || Object.values(this._parsed).some((p) => p?.code);
    if (ok) {
      this._report = report;
      this._renderResults(report);
      this._paintRate(report);
    }
    this._stale.textContent = pending ? this._L.stale : '';
    this._renderErrors(ok ? [] : report.errors.filter((e) => !this._fieldFor(e.path || '')));
    this.dataset.pending = String(pending);
    this.dispatchEvent(new CustomEvent('result', { detail: report, bubbles: true, composed: true }));
  }

  _renderErrors(list) {
    this._generalErrs?.remove();
    this._generalErrs = null;
    if (!list.length) return;
    this._generalErrs = el(
      'div',
      { class: 'errors', role: 'alert' },
      el('p', { text: this._L.errors }),
      el('ul', {}, list.map((e) => el('li', { text: e.message }))),
    );
    this._main.prepend(this._generalErrs);
  }

  // ---------------------------------------------------------------------------------
  // Results

  _money(a, style = 'compact') {
    return a == null ? '–' : this._api.formatMoney(a, this._lang, style);
  }
  _qty(v, unit) {
    return v == null ? '–' : this._api.formatQuantity(v, unit, this._lang);
  }
  _illus() {
    return el('span', { class: 'illus', title: this._L['illustrative.hint'], text: this._L.illustrative });
  }

  _renderResults(r) {
    const L = this._L;
    const text = r.summary?.text ?? '';
    if (this._summary.textContent !== text) this._summary.textContent = text;
    this._tier.replaceChildren(
      r.tier ? fill(L.tier, { tier: r.tier.name }) : L['tier.none'],
      r.nextTier ? el('span', { class: 'next', text: fill(L['tier.next'], { tier: r.nextTier.name, gap: this._money(r.nextTier.shortfall) }) }) : '',
    );
    const whatIf = {};
    for (const w of r.whatIf) (whatIf[w.program] ??= []).push(w);
    // Eligible first, then those a what-if can unlock (narrowly missed), then the rest.
    const rank = (p) => (p.eligible ? 0 : whatIf[p.id] ? 1 : p.inForce ? 2 : 3);
    const programs = r.programs.map((p, i) => [rank(p), i, p]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const firstSched = programs.find(([, , p]) => p.eligible && p.schedule.length)?.[2].id;
    const y = window.scrollY;
    const parts = [
      this._inputsList(),
      this._offer && this._compare(this._offer, r),
      this._totals(r),
      el(
        'section',
        { class: 'programs', 'aria-label': L.programs },
        el('h3', { class: 'sr', text: L.programs }),
        programs.map(([, , p]) => this._card(p, whatIf[p.id] || [], p.id === firstSched)),
      ),
      this._land(r.land),
      r.warnings.length > 0 &&
        el(
          'section',
          { class: 'notes' },
          el('h3', { text: L.notes }),
          el('ul', {}, r.warnings.map((w) => el('li', { 'data-code': w.code, text: w.message }))),
        ),
      this._policy(r),
    ];
    this._main.replaceChildren(...parts.filter(Boolean));
    if (window.scrollY !== y) window.scrollTo(window.scrollX, y);
  }

  /** What was entered, for the print-out. */
  _inputsList() {
    const rows = [];
    for (const f of this._fields) {
      const d = this._display(f);
      if (d) rows.push(el('dt', { text: f.label }), el('dd', { text: d }));
    }
    return el('section', { class: 'inputs' }, el('h3', { text: this._L.inputs }), el('dl', {}, rows));
  }

  _totals(r) {
    const L = this._L;
    const s = r.summary;
    const rate = this._api.formatPercent(r.inputs.discountRate);
    const row = (label, total, npv) =>
      el('tr', {}, el('th', { scope: 'row', text: label }), el('td', { class: 'num', text: this._money(total, 'full') }), el('td', { class: 'num', text: this._money(npv, 'full') }));
    return el(
      'section',
      { class: 'totals' },
      el(
        'table',
        {},
        el('caption', { text: L['totals.title'] }),
        el(
          'thead',
          {},
          el('tr', {}, el('td'), el('th', { scope: 'col', class: 'num', text: fill(L['totals.total'], { years: s.horizonYears }) }), el('th', { scope: 'col', class: 'num', text: fill(L['totals.pv'], { rate }) })),
        ),
        el(
          'tbody',
          {},
          row(L['totals.enterprise'], s.enterpriseTotal, s.enterpriseNpv),
          row(L['totals.unit'], s.introducingUnitTotal, s.introducingUnitNpv),
        ),
      ),
    );
  }

  _card(p, whatIfs, openSched) {
    const L = this._L;
    const hid = this._uid + 'p-' + fieldId(p.id);
    const verdict = p.eligible ? L['card.eligible'] : p.inForce ? L['card.not-eligible'] : L['card.not-in-force'];
    const near = !p.eligible && whatIfs.length > 0;
    return el(
      'article',
      {
        class: 'card',
        'data-program': p.id,
        'data-eligible': String(p.eligible),
        'data-near': near,
        'data-in-force': String(p.inForce),
        'aria-labelledby': hid,
      },
      el(
        'header',
        {},
        el('h4', { id: hid, text: p.name }),
        el(
          'p',
          { class: 'verdict' },
          el('span', { class: 'mk', 'aria-hidden': 'true', text: mark(p.eligible) }),
          el('span', { text: verdict }),
          near && el('span', { class: 'near', text: L['card.near'] }),
          p.illustrative && this._illus(),
        ),
      ),
      el('p', { class: 'benef', text: fill(L['card.paid-to'], { beneficiary: p.beneficiaryLabel }) }),
      p.eligible &&
        el(
          'p',
          { class: 'amount' },
          fill(L['card.amount'], { total: '\u0000', years: this._report?.summary?.horizonYears ?? '', npv: this._money(p.npv, 'full') })
            .split('\u0000')
            .flatMap((t, i) => (i ? [el('strong', { text: this._money(p.total) }), t] : [t])),
        ),
      el('p', { class: 'desc', text: p.summary }),
      !p.eligible && p.reason && el('p', { class: 'reason', text: p.reason }),
      p.capped && el('p', { class: 'capped', text: L['card.capped'] }),
      el('div', { class: 'crit' }, el('h5', { text: L['card.criteria'] }), this._crit(p.criteria, true)),
      whatIfs.map((w) => this._whatIf(w)),
      p.schedule.length > 0 && this._schedule(p, openSched),
      p.obligations.length > 0 &&
        el(
          'div',
          { class: 'oblig' },
          el('h5', { text: L['card.obligations'] }),
          el(
            'ul',
            {},
            p.obligations.map((o) =>
              el('li', {}, o.text, o.clawback && el('span', { class: 'claw', text: ' ' + fill(L['card.clawback'], { text: o.clawback }) })),
            ),
          ),
        ),
      el('p', { class: 'src', text: p.sourceText }),
    );
  }

  _crit(c, top) {
    const L = this._L;
    if (c.kind === 'all' || c.kind === 'any' || c.kind === 'not') {
      const kids = c.kind === 'not' ? [c.child] : c.children;
      const list = el('ul', { class: 'cl' }, kids.map((k) => this._crit(k)));
      if (top && c.kind === 'all') return list;
      const li = el(
        'li',
        { class: 'grp', 'data-met': String(c.met) },
        el('span', { class: 'gl' }, el('span', { class: 'mk', text: mark(c.met) }), ' ', L['crit.' + c.kind]),
        list,
      );
      return top ? el('ul', { class: 'cl' }, li) : li;
    }
    const li = el(
      'li',
      { class: 'leaf', 'data-field': c.field, 'data-met': String(c.met), 'data-guidance': c.guidance || null },
      el('span', { class: 'ct', text: c.text }),
    );
    if (c.kind === 'compare' && /^\d{1,3}(\.\d+)?$/.test(c.progress)) {
      const fillEl = el('span', { class: 'fill' });
      fillEl.style.width = `${c.progress}%`;
      li.append(el('span', { class: 'bar', 'aria-hidden': 'true' }, fillEl));
    }
    return top ? el('ul', { class: 'cl' }, li) : li;
  }

  _whatIf(w) {
    const money = w.changes.some((c) => c.unit === 'cny');
    const can =
      w.changes.every((c) => this._byName[c.field] && this._byName[c.field].kind !== 'boolean') &&
      (!money || (this._values.currency || 'CNY') === 'CNY');
    return el(
      'div',
      { class: 'whatif', 'data-whatif': w.program },
      el('p', { text: w.text }),
      can && el('button', { type: 'button', text: this._L['whatif.apply'], onclick: () => this._applyWhatIf(w) }),
    );
  }

  _applyWhatIf(w) {
    for (const c of w.changes) {
      const f = this._byName[c.field];
      this._values[c.field] = f.kind === 'money' ? (this._api.parseAmount(c.to, 'en', 'CNY').entry[this._lang] ?? c.to) : c.to;
      if (f.kind === 'money') this._parse(c.field);
      if (f.group === 'more') this._open.add('more');
      delete this._errs[c.field];
    }
    this._formOpen = true;
    this._paintToggle();
    this._renderForm();
    this._evaluate();
    const first = w.changes[0]?.field;
    this._formBox.querySelector(`[data-field="${first}"] input`)?.focus();
  }

  _schedule(p, openByDefault) {
    const L = this._L;
    const key = 'sched:' + p.id;
    const rows = p.schedule;
    const hasBase = rows.some((r) => r.base != null);
    const hasRate = rows.some((r) => r.rate != null);
    const num = (text, extra) => el('td', { class: 'num', text, ...extra });
    const table = el(
      'table',
      { class: 'sched', 'data-schedule': p.id },
      el('caption', { class: 'sr', text: `${p.name} · ${L.schedule}` }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', text: L['schedule.year'] }),
          hasBase && el('th', { scope: 'col', class: 'num base', text: L['schedule.base'] }),
          hasRate && el('th', { scope: 'col', class: 'num', text: L['schedule.rate'] }),
          el('th', { scope: 'col', class: 'num', text: L['schedule.amount'] }),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            { 'data-year': r.operatingYear },
            el('th', { scope: 'row', text: fill(L['schedule.year-n'], { n: r.operatingYear, year: r.calendarYear }) }),
            hasBase && num(this._money(r.base, 'full'), { class: 'num base' }),
            hasRate && num(r.rate == null ? '–' : this._api.formatPercent(r.rate), { 'data-rate': r.rate }),
            num(this._money(r.amount, 'full')),
          ),
        ),
      ),
      el(
        'tfoot',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'row', text: L['schedule.total'] }),
          hasBase && el('td', { class: 'base' }),
          hasRate && el('td'),
          num(this._money(p.total, 'full')),
        ),
      ),
    );
    const open = this._open.has(key) || (openByDefault && !this._open.has('closed:' + key));
    return el(
      'div',
      { class: 'schedbox' },
      this._chart(rows),
      el(
        'details',
        {
          'data-key': key,
          open,
          ontoggle: (e) => {
            if (!e.target.open && !this._printing) this._open.add('closed:' + key);
          },
        },
        el('summary', { text: L.schedule }),
        el('div', { class: 'tw' }, table),
        el(
          'details',
          { class: 'howbox', 'data-key': 'how:' + p.id, open: this._open.has('how:' + p.id) },
          el('summary', { text: L['schedule.how'] }),
          el('ol', { class: 'how' }, rows.map((r) => el('li', { text: r.explanation }))),
          el('p', { class: 'how', text: p.explanation }),
          p.benefits.map((b) => b.sourceText !== p.sourceText && el('p', { class: 'src', text: `${b.name}: ${b.sourceText}` })),
        ),
      ),
    );
  }

  /** Bars per year; heights from fen as BigInt, so no float ever touches money. */
  _chart(rows) {
    const amounts = rows.map((r) => fen(r.amount));
    const max = amounts.reduce((a, b) => (b > a ? b : a), 0n);
    const n = rows.length;
    const s = svg('svg', {
      class: 'chart',
      viewBox: `0 0 ${n * 10} 40`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': this._L['schedule.chart'],
    });
    rows.forEach((r, i) => {
      const h = max > 0n ? (amounts[i] * 400n) / max : 0n;
      const rect = svg('rect', { x: String(i * 10 + 1), width: '8', y: tenths(400n - h), height: tenths(h) });
      rect.append(svg('title', { text: r.explanation }));
      s.append(rect);
    });
    const fig = el(
      'figure',
      { class: 'chartbox' },
      s,
      el('figcaption', { 'aria-hidden': 'true' }, el('span', { text: rows[0].calendarYear }), n > 1 && el('span', { text: rows[n - 1].calendarYear })),
    );
    fig.style.setProperty('--n', String(n));
    return fig;
  }

  _land(zones) {
    const L = this._L;
    if (!zones.length) return null;
    const status = (fits, checks) => (fits ? true : checks.some((c) => c.met === false) ? false : null);
    const word = (st) => (st === true ? L['land.fits'] : st === false ? L['land.no-fit'] : L['land.unchecked']);
    const checks = (list) => el('ul', { class: 'checks' }, list.map((c) => el('li', { 'data-check': c.check, 'data-met': String(c.met), text: c.text })));
    const head = (st, name, illus, extra) => [
      el('span', { class: 'mk', 'aria-hidden': 'true', text: mark(st) }),
      el('span', { class: 'sr', text: word(st) + ': ' }),
      el('span', { class: 'nm' }, name, illus && this._illus()),
      el('span', { class: 'cost', text: extra || '' }),
    ];
    const item = (kind, o, st, extra, body) => {
      const key = `${kind}:${o.id}`;
      return el(
        'li',
        { [`data-${kind}`]: o.id, 'data-fits': String(o.fits) },
        el('details', { 'data-key': key, open: this._open.has(key) }, el('summary', {}, head(st, o.name, o.illustrative, extra)), body),
      );
    };
    return el(
      'section',
      { class: 'land' },
      el('h3', { text: L['land.title'] }),
      zones.map((z) =>
        el(
          'section',
          { class: 'zone', 'data-zone': z.zone },
          el('h4', {}, z.name, z.illustrative && this._illus()),
          z.maxSupportedMu && el('p', { class: 'supports', text: fill(L['land.supports'], { area: this._qty(z.maxSupportedMu, 'mu') }) }),
          z.parcels.length > 0 && el('h5', { text: L['land.parcels'] }),
          z.parcels.length > 0 &&
            el(
              'ul',
              { class: 'opts' },
              z.parcels.map((o) => {
                const st = status(o.fits, o.checks);
                return item('parcel', o, st, this._money(o.cost), [
                  el('p', {
                    text: [o.landUse, this._qty(o.areaMu, 'mu'), this._qty(o.pricePerMu, 'cnyPerMu'), fill(L['land.available'], { date: o.availableFrom })].join(' · '),
                  }),
                  el('p', { text: fill(L['land.cost'], { area: this._qty(o.usedMu, 'mu'), cost: this._money(o.cost, 'full') }) }),
                  checks(o.checks),
                ]);
              }),
            ),
          z.factories.length > 0 && el('h5', { text: L['land.factories'] }),
          z.factories.length > 0 &&
            el(
              'ul',
              { class: 'opts' },
              z.factories.map((o) => {
                const st = status(o.fits, o.checks);
                const rent = fill(L['land.rent'], { rent: this._money(o.rentPerM2Month, 'full') });
                return item('factory', o, st, o.annualRent ? this._money(o.annualRent) : '', [
                  el('p', { text: [this._qty(o.floorArea, 'm2'), rent].join(' · ') }),
                  o.annualRent && el('p', { text: fill(L['land.annual-rent'], { area: this._qty(o.usedArea, 'm2'), rent: this._money(o.annualRent, 'full') }) }),
                  checks(o.checks),
                ]);
              }),
            ),
        ),
      ),
    );
  }

  _policy(r) {
    const L = this._L;
    const src = r.policy.source;
    const url = /^https?:\/\//.test(src.url || '') ? src.url : null;
    return el(
      'footer',
      { class: 'policy' },
      el('p', {}, el('strong', { text: r.policy.name }), ' · ', fill(L['policy.version'], { version: r.policy.version })),
      el('p', {}, fill(L['policy.source'], { source: [src.document, src.clause].filter(Boolean).join(', ') }), url && [' ', el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: url })]),
      r.asOf && el('p', { text: fill(L['policy.as-of'], { date: r.asOf }) }),
      el('p', { class: 'disclaimer', text: r.policy.disclaimer }),
    );
  }

  // ---------------------------------------------------------------------------------
  // Staff tools: compare with a pinned offer, print

  _pin() {
    this._offer = this._offer ? null : { report: this._report, inputs: this._fields.map((f) => [f, this._display(f)]) };
    this._paintPin();
    if (this._report) this._renderResults(this._report);
  }

  _paintPin() {
    this._pinBtn.textContent = this._offer ? this._L['compare.unpin'] : this._L['compare.pin'];
    this._pinBtn.setAttribute('aria-pressed', String(!!this._offer));
  }

  _compare(offer, now) {
    const L = this._L;
    const a = offer.report;
    const cur = Object.fromEntries(this._fields.map((f) => [f.name, this._display(f)]));
    const rows = [];
    const row = (label, x, y) => {
      if (!x && !y) return;
      rows.push(
        el('tr', { 'data-differs': x !== y || null }, el('th', { scope: 'row', text: label }), el('td', { class: 'num', text: x || '–' }), el('td', { class: 'num', text: y || '–' })),
      );
    };
    for (const [f, v] of offer.inputs) row(f.label, v, cur[f.name]);
    row(L['compare.eligible'], `${a.summary.eligible} / ${a.summary.inForce}`, `${now.summary.eligible} / ${now.summary.inForce}`);
    row(L['totals.enterprise'], this._money(a.summary.enterpriseTotal), this._money(now.summary.enterpriseTotal));
    row(L['totals.unit'], this._money(a.summary.introducingUnitTotal), this._money(now.summary.introducingUnitTotal));
    for (const p of now.programs) {
      const q = a.programs.find((x) => x.id === p.id);
      const cell = (x) => (x ? (x.eligible ? `✓ ${this._money(x.total)}` : '✗') : '');
      row(p.name, cell(q), cell(p));
    }
    return el(
      'section',
      { class: 'compare' },
      el(
        'table',
        {},
        el('caption', { text: L['compare.title'] }),
        el('thead', {}, el('tr', {}, el('td'), el('th', { scope: 'col', text: L['compare.a'] }), el('th', { scope: 'col', text: L['compare.now'] }))),
        el('tbody', {}, rows),
      ),
    );
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

  _print() {
    this._openAll(true);
    window.print();
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
export { tagName };
