// The demo promotion page: page copy in three languages, zone cards from the calculator's
// policy (policyInfo), and the page language following the calculator's. Text reaches
// the DOM only through textContent.
const COPY = {
  'zh-Hans': {
    title: '两区投资指南 · 投资优惠测算', brand: '市两区投资促进', langs: '语言',
    h1: '在两区投资',
    lead: '市经济技术开发区和市海洋经济综合开发区均为省级开发区，土地资源较为充裕。大丰港已经开港，欢迎临港型项目落户。',
    zonesH: '两个园区', calcH: '投资优惠测算',
    calcLead: '填写项目投资额和注册资本，即可看到可以享受的优惠、用地选择和还差多少。',
    loading: '正在载入测算工具…', svcH: '项目服务中心', svcLead: '两个园区各设项目服务中心，提供一站式服务：',
    s1: '政策咨询', s2: '项目洽谈', s3: '签约', s4: '选址', s5: '审批', s6: '协调服务',
    foot: '演示网站。测算使用默认政策数据，标注“示例”的数字为虚拟示例。最终条件以投资协议为准。',
    calcZone: '按此园区测算', illustrative: '示例数据', staffView: '工作人员视图（显示引进单位奖励和考核目标）',
  },
  'zh-Hant': {
    title: '兩區投資指南 · 投資優惠測算', brand: '市兩區投資促進', langs: '語言',
    h1: '在兩區投資',
    lead: '市經濟技術開發區和市海洋經濟綜合開發區均為省級開發區，土地資源較為充裕。大豐港已經開港，歡迎臨港型項目落戶。',
    zonesH: '兩個園區', calcH: '投資優惠測算',
    calcLead: '填寫項目投資額和註冊資本，即可看到可以享受的優惠、用地選擇和還差多少。',
    loading: '正在載入測算工具…', svcH: '項目服務中心', svcLead: '兩個園區各設項目服務中心，提供一站式服務：',
    s1: '政策諮詢', s2: '項目洽談', s3: '簽約', s4: '選址', s5: '審批', s6: '協調服務',
    foot: '演示網站。測算使用預設政策數據，標註「示例」的數字為虛擬示例。最終條件以投資協議為準。',
    calcZone: '按此園區測算', illustrative: '示例數據', staffView: '工作人員視圖（顯示引進單位獎勵和考核目標）',
  },
  en: {
    title: 'Investing in the two zones · incentive calculator', brand: 'Two Zones Investment Promotion', langs: 'Language',
    h1: 'Investing in the two zones',
    lead: 'The Economic and Technological Development Zone and the Marine Economy Comprehensive Development Zone are provincial-level zones with ample land. Dafeng port is open, and port-dependent projects are welcome.',
    zonesH: 'The two zones', calcH: 'Incentive calculator',
    calcLead: 'Enter the investment and the registered capital to see which incentives apply, which land fits, and what is still missing.',
    loading: 'Loading the calculator…', svcH: 'Project service centres', svcLead: 'Each zone has a project service centre that offers one-stop service:',
    s1: 'Policy advice', s2: 'Negotiation', s3: 'Signing', s4: 'Site selection', s5: 'Approvals', s6: 'Coordination',
    foot: 'Demonstration site. The calculator uses the default policy data; figures marked “illustrative” are invented examples. Final terms are set in the investment agreement.',
    calcZone: 'Calculate for this zone', illustrative: 'illustrative', staffView: 'Staff view (the introducing unit\'s reward and targets first)',
  },
};

const calc = document.querySelector('invest-calculator');
let lang = '';

function applyCopy(next) {
  const t = COPY[next] || COPY.en;
  document.documentElement.lang = next;
  document.title = t.title;
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t[e.dataset.t];
  for (const e of document.querySelectorAll('[data-t-label]')) e.setAttribute('aria-label', t[e.dataset.tLabel]);
  for (const b of document.querySelectorAll('[data-set-lang]')) b.setAttribute('aria-current', String(b.dataset.setLang === next));
}

function renderZones(next) {
  const info = calc.policyInfo?.(next);
  const list = document.getElementById('zone-list');
  if (!info || !list) return;
  const t = COPY[next] || COPY.en;
  list.replaceChildren(
    ...info.zones.map((z) => {
      const li = document.createElement('li');
      li.dataset.zone = z.value;
      const h = document.createElement('h3');
      h.textContent = z.label;
      if (z.illustrative) {
        const m = document.createElement('small');
        m.className = 'illus';
        m.textContent = ` ※ ${t.illustrative}`;
        h.append(m);
      }
      li.append(h);
      if (z.description) {
        const p = document.createElement('p');
        p.textContent = z.description;
        li.append(p);
      }
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = t.calcZone;
      b.addEventListener('click', () => {
        calc.setAttribute('zone', z.value);
        document.getElementById('calculator').scrollIntoView({ behavior: 'smooth' });
      });
      li.append(b);
      return li;
    }),
  );
}

// "Staff view": promotion staff see the introducing unit's reward first.
const staff = document.getElementById('staff-view');
staff.checked = calc.getAttribute('view') === 'staff';
staff.addEventListener('change', () => calc.setAttribute('view', staff.checked ? 'staff' : 'investor'));

for (const b of document.querySelectorAll('[data-set-lang]')) {
  b.addEventListener('click', () => calc.setAttribute('lang', b.dataset.setLang));
}
calc.addEventListener('result', (e) => {
  const next = e.detail?.lang;
  if (next && next !== lang) {
    lang = next;
    applyCopy(next);
    renderZones(next);
  }
});
applyCopy(calc.getAttribute('lang') || 'zh-Hans');
