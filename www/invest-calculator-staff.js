// Staff tools for <invest-calculator>, loaded on demand (the investor's first screen does
// not need them): offers side by side, the one-page term sheet with its QR code, the CSV
// schedule, scenario files, a zone's own policy file, and, in the staff view, the size
// tier, the targets, the tax band and the threshold curve.
//
// Like the element, this file only lays out what the Rust core computes: every word comes
// from the form schema's labels or a report, every figure from a report or the engine's
// formatters. Text reaches the DOM through text nodes and attributes only.
import { h, fill, fen, today } from './invest-calculator.js';

const MAX_OFFERS = 4;
const LETTERS = ['A', 'B', 'C', 'D'];
const DEPARTMENT_KEY = 'investcalc:department';
const SVG_W = 600n;
const SVG_H = 200n;

/** A short, stable fingerprint (FNV-1a, 64 bits, in Crockford base 32): not a secret. */
function fingerprint(text) {
  let x = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) {
    x ^= BigInt(b);
    x = (x * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const abc = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += abc[Number(x & 31n)];
    x >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** Saves text as a file the browser downloads (it never leaves the browser otherwise). */
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Asks for a file (a picker the keyboard reaches through the button that opened it). */
function pickFile(accept) {
  return new Promise((ok) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => ok(input.files?.[0] ?? null), { once: true });
    input.click();
  });
}

/** fen (BigInt) as a decimal string with two places. */
const fenText = (f) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;

export class StaffTools {
  constructor(el) {
    this.el = el;
    this.kept = [];
    this.printing = null;
    this.bandRate = '0.2';
    this.policyIssues = null;
    this.names = { investor: '', officer: '' };
    this.cache = new Map();
    try {
      this.department = localStorage.getItem(DEPARTMENT_KEY) || '';
    } catch {
      this.department = '';
    }
    // A zone's policy file can be dropped anywhere on the calculator.
    el._box.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types?.includes('Files')) e.preventDefault();
    });
    el._box.addEventListener('drop', (e) => {
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      e.preventDefault();
      this.loadPolicyFile(file);
    });
  }

  get L() {
    return this.el._L;
  }

  /** The current scenario, as the engine reads it. */
  scenario() {
    return this.el._scenario(new Set()).sc;
  }

  /** A report for a scenario in the current language (cached per language and figures). */
  evaluate(sc, asOf) {
    const key = `${this.el._lang}|${asOf ?? ''}|${JSON.stringify(sc)}`;
    if (!this.cache.has(key)) {
      if (this.cache.size > 40) this.cache.clear();
      this.cache.set(key, this.el._calc.evaluate(sc, { lang: this.el._lang, display: true, asOf: asOf ?? undefined }));
    }
    return this.cache.get(key);
  }

  notice(key, args, text) {
    this.el._notice = { key, args, text };
    this.el._render();
  }

  // ---------------------------------------------------------------------------------
  // Offers side by side

  keep() {
    if (this.kept.length >= MAX_OFFERS) return this.notice('offers.full', { max: MAX_OFFERS });
    const el = this.el;
    this.kept.push({ values: { ...el._values }, parsed: { ...el._parsed }, asOf: el._asOf, scenario: this.scenario() });
    el._render();
  }

  remove(i) {
    this.kept.splice(i, 1);
    this.el._render();
  }

  /** The cost of the land option an offer chose (its parcel's, or the factory's rent). */
  landCost(r, values) {
    for (const z of r.land) {
      const p = z.parcels.find((x) => x.id === values.parcel);
      if (p) return this.el._money(p.cost, 'compact', r);
      const f = z.factories.find((x) => x.id === values.factory);
      if (f?.annualRent) return this.el._money(f.annualRent, 'compact', r);
    }
    return '';
  }

  /** The offers table: one column per kept offer and one for the current figures. */
  offers(now) {
    if (!this.kept.length) return null;
    const el = this.el;
    const L = this.L;
    const cols = this.kept.map((o) => ({ ...o, report: this.evaluate(o.scenario, o.asOf) })).filter((o) => !o.report.errors?.length);
    cols.push({ values: el._values, parsed: el._parsed, report: now, current: true });
    const shown = (o, f) => {
      const keep = [el._values, el._parsed];
      [el._values, el._parsed] = [o.values, o.parsed];
      const d = el._display(f);
      [el._values, el._parsed] = keep;
      return d;
    };
    const rows = [];
    const row = (key, label, cells) => {
      if (cells.every((c) => !c)) return;
      const differs = cells.some((c) => c !== cells[cells.length - 1]);
      rows.push(
        h(
          'tr',
          { key, 'data-row': key, 'data-differs': differs || null },
          h('th', { scope: 'row' }, label, differs && h('span', { class: 'ne', title: L['offers.differs'] }, ' ≠')),
          cells.map((c, i) => h('td', { key: i, 'data-differs': (differs && c !== cells[cells.length - 1]) || null }, c || '–')),
        ),
      );
    };
    for (const f of el._fields) row('f:' + f.name, f.label, cols.map((o) => shown(o, f)));
    row('tier', L['offers.tier'], cols.map((o) => o.report.tier?.name ?? L['tier.none']));
    for (const p of now.programs) {
      const cell = (o) => {
        const x = o.report.programs.find((q) => q.id === p.id);
        if (!x) return '';
        if (!x.eligible || x.excludedBy) return '✗';
        return x.total == null ? `◐ ${L['card.needs']}` : `✓ ${el._money(x.total, 'compact', o.report)}`;
      };
      row('p:' + p.id, p.name, cols.map(cell));
    }
    const sum = (o, who, k) => el._money(o.report.summary[who][k], k === 'npv' ? 'approx' : 'compact', o.report);
    row('et', L['totals.enterprise'], cols.map((o) => sum(o, 'enterprise', 'total')));
    row('ut', L['totals.unit'], cols.map((o) => sum(o, 'introducingUnit', 'total')));
    row('en', `${L['totals.enterprise']} · ${L['offers.npv']}`, cols.map((o) => sum(o, 'enterprise', 'npv')));
    row('un', `${L['totals.unit']} · ${L['offers.npv']}`, cols.map((o) => sum(o, 'introducingUnit', 'npv')));
    row('land', L['offers.land'], cols.map((o) => this.landCost(o.report, o.values)));
    return h(
      'section',
      { class: 'compare', key: 'compare', 'aria-labelledby': el._uid + 'cmp' },
      h('h3', { id: el._uid + 'cmp' }, L['offers.title']),
      h(
        'div',
        { class: 'tw', tabindex: '0', role: 'region', 'aria-labelledby': el._uid + 'cmp' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('td'),
              cols.map((o, i) =>
                h(
                  'th',
                  { scope: 'col', key: i },
                  o.current ? L['offers.current'] : fill(L['offers.col'], { n: LETTERS[i] }),
                  !o.current &&
                    h(
                      'button',
                      { type: 'button', class: 'remove', 'data-remove': LETTERS[i], 'aria-label': fill(L['offers.remove'], { n: LETTERS[i] }), onclick: () => this.remove(i) },
                      '×',
                    ),
                ),
              ),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------------------------
  // The staff view: size tier, targets, tax band, threshold curve

  staffSections(r) {
    const el = this.el;
    const L = this.L;
    const t = r.targets;
    const dept = t?.departments.find((d) => d.id === this.department) ?? t?.departments[0];
    const shares = (list) => h('ul', { class: 'projects' }, list.map((p, i) => h('li', { key: i, 'data-counts': String(p.counts) }, h('span', { class: 'mk', 'aria-hidden': 'true' }, p.counts ? '✓' : '–'), ' ', p.text)));
    return h(
      'section',
      { class: 'staff', key: 'staff', 'aria-labelledby': el._uid + 'st' },
      h('h3', { id: el._uid + 'st' }, L['staff.title']),
      r.tier &&
        h('div', { class: 'tierbox', 'data-tier': r.tier.id }, h('h4', {}, fill(L.tier, { tier: r.tier.name })), r.tier.note && h('p', {}, r.tier.note)),
      t &&
        h(
          'div',
          { class: 'targets' },
          h('h4', {}, fill(L['targets.title'], { year: t.year })),
          t.zone && h('div', { class: 'target', 'data-target': 'zone', 'data-share': t.zone.share }, h('p', {}, h('strong', {}, t.zone.name), ' · ', t.zone.text), shares(t.zone.projects)),
          h(
            'div',
            { class: 'field' },
            h('label', { for: el._uid + 'dept' }, L['targets.department']),
            h(
              'div',
              { class: 'inp' },
              h(
                'select',
                {
                  id: el._uid + 'dept',
                  value: dept?.id ?? '',
                  onchange: (e) => {
                    this.department = e.target.value;
                    try {
                      localStorage.setItem(DEPARTMENT_KEY, this.department);
                    } catch {
                      // Private browsing: the choice lasts for this visit.
                    }
                    el._render();
                  },
                },
                t.departments.map((d) => h('option', { value: d.id, key: d.id }, d.name)),
              ),
            ),
          ),
          dept &&
            h(
              'div',
              { class: 'target', 'data-target': dept.id, 'data-share': dept.share },
              h('p', {}, h('strong', {}, dept.name), ' · ', dept.text),
              dept.ruleText && h('p', { class: 'rule' }, dept.ruleText),
              shares(dept.projects),
            ),
          h('p', { class: 'src' }, t.sourceText),
        ),
      h(
        'div',
        { class: 'field bandrate' },
        h('label', { for: el._uid + 'band' }, L['band.label']),
        h(
          'div',
          { class: 'inp' },
          h('input', {
            id: el._uid + 'band',
            type: 'text',
            inputmode: 'decimal',
            value: this.bandPercent ?? '20',
            oninput: (e) => {
              this.bandPercent = e.target.value;
              el._render();
            },
          }),
          h('span', { class: 'unit' }, '%'),
        ),
      ),
      this.names && this.nameFields(),
      this.curve(r),
    );
  }

  /** The tax band's rate from the percentage typed ("20" → "0.20"), or null when unreadable. */
  bandRateValue() {
    const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(String(this.bandPercent ?? '20').trim());
    if (!m) return null;
    // Moving the decimal point two places left, on the digits (no binary floats).
    const int = m[1].padStart(3, '0');
    const rate = `${int.slice(0, -2)}.${int.slice(-2)}${m[2] ?? ''}`.replace(/^0+(?=\d\.)/, '');
    return fen(rate) <= 100n ? rate : null;
  }

  /** In the totals: the range with the tax estimate off by the band's rate. */
  bandRows(rows) {
    const el = this.el;
    const rate = this.bandRateValue();
    if (!rate || !el._report) return;
    let band;
    try {
      band = el._calc.band(this.scenario(), { lang: el._lang, rate, asOf: el._asOf ?? undefined });
    } catch {
      return;
    }
    const L = this.L;
    const range = (lo, hi) => `${el._money(lo, 'approx')} – ${el._money(hi, 'approx')}`;
    const pct = this.bandPercent ?? '20';
    const add = (row, total, npv) =>
      row.c.push(
        h(
          'dd',
          { class: 'band', key: 'band' },
          h('span', { class: 'tl' }, fill(L['band.range'], { pct })),
          h('span', { class: 'num' }, range(total[0], total[1]), ' · ', range(npv[0], npv[1])),
        ),
      );
    add(rows[0], [band.low.enterpriseTotal, band.high.enterpriseTotal], [band.low.enterpriseNpv, band.high.enterpriseNpv]);
    add(rows[1], [band.low.unitTotal, band.high.unitTotal], [band.low.unitNpv, band.high.unitNpv]);
  }

  nameFields() {
    const el = this.el;
    const L = this.L;
    const field = (k) =>
      h(
        'div',
        { class: 'field', key: k },
        h('label', { for: el._uid + k }, L[`sheet.${k}`]),
        h('div', { class: 'inp' }, h('input', { id: el._uid + k, type: 'text', autocomplete: 'off', value: this.names[k], oninput: (e) => (this.names[k] = e.target.value) })),
      );
    return h('div', { class: 'names' }, h('p', { class: 'help' }, L['sheet.names-help']), field('investor'), field('officer'));
  }

  /** Total incentive and its present value against the investment, in SVG (opened on demand). */
  curve(r) {
    const el = this.el;
    const L = this.L;
    const open = el._open.has('curve');
    let body = null;
    if (open) {
      const sc = this.scenario();
      const key = `curve|${el._lang}|${JSON.stringify({ ...sc, investment: null })}`;
      if (!this.cache.has(key)) {
        try {
          this.cache.set(key, el._calc.curve(sc, { lang: el._lang, steps: 40, asOf: el._asOf ?? undefined }));
        } catch {
          this.cache.set(key, null);
        }
      }
      const c = this.cache.get(key);
      if (c?.points.length) body = this.plot(c, r);
    }
    return h(
      'details',
      { class: 'curve', open, ontoggle: (e) => (el._toggled('curve', e.target.open), e.target.open && el._render()) },
      h('summary', {}, L['curve.title']),
      h('p', { class: 'help' }, L['curve.help']),
      body,
    );
  }

  plot(c, r) {
    const el = this.el;
    const L = this.L;
    const sum = (p, k) => fen(p[`enterprise${k}`]) + fen(p[`unit${k}`]);
    const xs = c.points.map((p) => fen(p.investment));
    const xmax = xs[xs.length - 1] || 1n;
    const ymax = c.points.reduce((m, p) => (sum(p, 'Total') > m ? sum(p, 'Total') : m), 1n);
    const X = (f) => (f * SVG_W) / xmax;
    const Y = (f) => SVG_H - (f * SVG_H) / ymax;
    const path = (k) => {
      let d = '';
      c.points.forEach((p, i) => {
        const x = X(fen(p.investment));
        const y = Y(sum(p, k));
        d += i ? ` H${x} V${y}` : `M${x} ${y}`;
      });
      return d;
    };
    const now = fen(r.inputs.investment);
    const set = (p) => el._set({ investment: fenText(fen(p.investment)) }, 'investment');
    return [
      h(
        'svg',
        { class: 'plot', viewBox: `-4 -4 ${SVG_W + 8n} ${SVG_H + 8n}`, role: 'img', 'aria-label': L['curve.title'] },
        c.thresholds.map((t) => h('line', { key: t, class: 'thr', x1: String(X(fen(t))), x2: String(X(fen(t))), y1: '0', y2: String(SVG_H) })),
        h('path', { class: 'total', d: path('Total') }),
        h('path', { class: 'npv', d: path('Npv') }),
        now <= xmax && h('line', { class: 'now', x1: String(X(now)), x2: String(X(now)), y1: '0', y2: String(SVG_H) }),
        c.points.map((p, i) =>
          h(
            'circle',
            { key: i, class: 'pt', cx: String(X(fen(p.investment))), cy: String(Y(sum(p, 'Total'))), r: '5', 'data-investment': p.investment, onclick: () => set(p) },
            h('title', {}, `${el._money(p.investment, 'compact')}: ${el._money(fenText(sum(p, 'Total')), 'compact')}`),
          ),
        ),
      ),
      h('p', { class: 'legend' }, h('span', { class: 'k total' }, L['curve.total']), ' ', h('span', { class: 'k npv' }, L['curve.npv'])),
      h(
        'ul',
        { class: 'steps' },
        c.thresholds.map((t) =>
          h('li', { key: t }, h('button', { type: 'button', 'data-threshold': t, onclick: () => el._set({ investment: t }, 'investment') }, fill(L['curve.set'], { amount: el._money(t, 'compact') }))),
        ),
      ),
    ];
  }

  // ---------------------------------------------------------------------------------
  // Term sheet: one A4 page per kept offer, or one for the current figures

  print() {
    this.printing = 'sheets';
    this.el._render();
    // After the print dialog (or at once where there is none) the sheets go again.
    setTimeout(() => window.print(), 0);
  }

  beforePrint() {
    if (this.printing) return;
    this.printing = 'sheets';
    this.el._render();
  }

  afterPrint() {
    this.printing = null;
    this.el._render();
  }

  sheets() {
    if (!this.printing) return null;
    const el = this.el;
    const offers = this.kept.length ? this.kept : [{ values: el._values, parsed: el._parsed, asOf: el._asOf, scenario: this.scenario(), current: true }];
    return h(
      'div',
      { class: 'sheets', key: 'sheets' },
      offers.map((o, i) => {
        const r = o.current ? el._report : this.evaluate(o.scenario, o.asOf);
        return r && !r.errors?.length ? this.sheet(o, r, i, offers.length) : null;
      }),
    );
  }

  sheet(o, r, i, n) {
    const el = this.el;
    const L = this.L;
    const link = el.link(o.values, o.parsed);
    const q = el._linkParams(o.values, o.parsed, r.asOf);
    q.delete('lang');
    q.delete('view');
    q.sort();
    const ref = `${r.policy.id} ${r.policy.version} · ${fingerprint(q.toString())}`;
    let qr = null;
    try {
      qr = el._api.qrCode(link);
    } catch {
      qr = null;
    }
    const inputs = [];
    for (const f of el._fields) {
      const keep = [el._values, el._parsed];
      [el._values, el._parsed] = [o.values, o.parsed];
      const d = el._display(f);
      [el._values, el._parsed] = keep;
      if (d) inputs.push(h('dt', { key: 'k' + f.name }, f.label), h('dd', { key: 'v' + f.name }, d));
    }
    const paying = r.programs.filter((p) => p.eligible && !p.excludedBy && p.total != null && fen(p.total) > 0n);
    const land = r.land.flatMap((z) => z.parcels.filter((p) => p.id === o.values.parcel)).map((p) => `${p.name} · ${el._qty(p.usedMu, 'mu', r)} · ${el._money(p.cost, 'full', r)}`);
    return h(
      'article',
      { class: 'sheet', key: i, 'data-sheet': i },
      h(
        'header',
        {},
        h('h2', {}, fill(L['sheet.title'], { n: n > 1 ? LETTERS[i] : '' }).trim()),
        h('p', { class: 'ref' }, fill(L['sheet.reference'], { ref })),
        h('p', {}, fill(L['sheet.date'], { date: today() }), ' · ', fill(L['policy.as-of'], { date: r.asOf })),
        (this.names.investor || this.names.officer) &&
          h('p', { class: 'names' }, this.names.investor && fill(L['sheet.for'], { name: this.names.investor }), this.names.investor && this.names.officer && ' · ', this.names.officer && fill(L['sheet.contact'], { contact: this.names.officer })),
      ),
      h('p', { class: 'headline' }, r.summary.enterprise.text),
      r.summary.introducingUnit.text && h('p', { class: 'headline2' }, r.summary.introducingUnit.text),
      h(
        'div',
        { class: 'cols' },
        h('section', {}, h('h3', {}, L.inputs), h('dl', {}, inputs)),
        h(
          'section',
          {},
          h('h3', {}, L['sheet.programs']),
          h(
            'table',
            {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, L.programs), h('th', { scope: 'col', class: 'num' }, fill(L['totals.total'], { years: r.summary.horizonYears })), h('th', { scope: 'col', class: 'num' }, L['offers.npv']))),
            h(
              'tbody',
              {},
              paying.map((p) => h('tr', { key: p.id }, h('th', { scope: 'row' }, p.name, h('br'), h('small', {}, p.beneficiaryLabel)), h('td', { class: 'num' }, el._money(p.total, 'full', r)), h('td', { class: 'num' }, el._money(p.npv, 'full', r)))),
            ),
          ),
          h('p', {}, fill(L.tier, { tier: r.tier?.name ?? L['tier.none'] })),
          land.length > 0 && h('p', {}, fill(L['sheet.land'], { land: land[0] })),
        ),
      ),
      h(
        'footer',
        {},
        qr &&
          h(
            'figure',
            { class: 'qr' },
            h('svg', { viewBox: `-4 -4 ${qr.size + 8} ${qr.size + 8}`, role: 'img', 'aria-label': L['sheet.qr'], 'data-qr': '' }, h('rect', { x: '-4', y: '-4', width: String(qr.size + 8), height: String(qr.size + 8), fill: '#fff' }), h('path', { d: qr.path, fill: '#000' })),
            h('figcaption', {}, L['sheet.qr']),
          ),
        h('div', {}, h('p', {}, h('strong', {}, r.policy.name), ' · ', fill(L['policy.version'], { version: r.policy.version })), h('p', {}, r.policy.sourceText), h('p', { class: 'disclaimer' }, r.policy.disclaimer), h('p', { class: 'link' }, link)),
      ),
    );
  }

  // ---------------------------------------------------------------------------------
  // Files: the CSV schedule, the scenario as JSON, a zone's policy file

  downloadCsv() {
    const el = this.el;
    const text = el._calc.csv(this.scenario(), { lang: el._lang, asOf: el._asOf ?? undefined, link: el.link() });
    download(`investcalc-${today()}.csv`, text, 'text/csv;charset=utf-8');
  }

  exportScenario() {
    const el = this.el;
    const r = el._report;
    const file = { format: 'investcalc-scenario', version: 1, policy: r?.policy.id, policyVersion: r?.policy.version, asOf: el._asOf ?? r?.asOf, lang: el._lang, scenario: Object.fromEntries(el._linkParams().entries()) };
    for (const k of ['ic', 'policy', 'version', 'lang', 'view', 'asOf']) delete file.scenario[k];
    download(`investcalc-scenario-${today()}.json`, JSON.stringify(file, null, 2), 'application/json');
  }

  async importScenario() {
    const file = await pickFile('.json,application/json');
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = null;
    }
    if (data?.format !== 'investcalc-scenario' || data.version !== 1 || typeof data.scenario !== 'object' || !data.scenario) {
      return this.notice('scenario.bad-file', { name: file.name });
    }
    const el = this.el;
    const values = Object.fromEntries(Object.entries(data.scenario).filter(([, v]) => typeof v === 'string'));
    el._notice = null;
    el._applyLink({ values, policy: data.policy, version: data.policyVersion, asOf: data.asOf });
    if (!el._notice) el._notice = { key: 'scenario.imported', args: { name: file.name } };
    el._evaluate();
  }

  async pickPolicy() {
    const file = await pickFile('.json,application/json');
    if (file) await this.loadPolicyFile(file);
  }

  /** Reads a zone's policy file in the browser; switches to it when it is valid. */
  async loadPolicyFile(file) {
    const el = this.el;
    const L = this.L;
    let policy;
    try {
      policy = JSON.parse(await file.text());
    } catch (e) {
      this.policyIssues = { name: file.name, issues: [{ path: '', message: fill(L['policy.not-json'], { detail: String(e?.message ?? e) }) }] };
      return el._render();
    }
    let calc;
    try {
      calc = new el._api.Calculator(policy, el._lang);
    } catch (e) {
      this.policyIssues = { name: file.name, issues: e?.issues ?? [{ path: '', message: String(e?.message ?? e) }] };
      return el._render();
    }
    this.policyIssues = null;
    this.cache.clear();
    this.kept = [];
    el._calc?.free?.();
    el._calc = calc;
    el._policyObject = policy;
    el._good = {};
    el._asOf = null;
    el._memo = null;
    el._notice = { key: 'policy.loaded', args: { name: file.name, policy: `${calc.policyInfo(el._lang).name} ${calc.policyInfo(el._lang).version}` } };
    el._load(el._lang, true);
  }

  /** Problems with a policy file, listed with their paths. */
  panels() {
    const p = this.policyIssues;
    if (!p) return null;
    const L = this.L;
    return h(
      'section',
      { class: 'errors policyissues', role: 'alert', key: 'policyissues' },
      h('p', {}, fill(L['policy.problems'], { name: p.name, count: p.issues.length })),
      h('ul', {}, p.issues.map((i, k) => h('li', { key: k, 'data-path': i.path }, i.path ? h('code', {}, i.path) : null, i.path ? ': ' : '', i.message))),
      h('button', { type: 'button', onclick: () => ((this.policyIssues = null), this.el._render()) }, L['notice.close']),
    );
  }
}
