import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type OutlineNode, parseOutline, toOutlineJson } from './outline-parser.ts';

/** numbering + heading of each node, nested as the tree. */
type Shape = [string, string, Shape[]?];
function shape(nodes: OutlineNode[]): Shape[] {
  return nodes.map((n) =>
    n.children.length > 0 ? [n.numbering, n.heading, shape(n.children)] : [n.numbering, n.heading],
  );
}

test('the full 公文 ladder nests in order: 一、 → （一） → 1. → （1） → ①', () => {
  const o = parseOutline(
    [
      '关于加强基层党建工作的意见',
      '一、总体要求',
      '（一）指导思想',
      '1.坚持党的领导',
      '（1）健全制度',
      '①完善议事规则',
      '②规范会议记录',
      '（2）压实责任',
      '2.坚持问题导向',
      '（二）工作目标',
      '二、重点任务',
    ].join('\n'),
  );
  assert.equal(o.title, '关于加强基层党建工作的意见');
  assert.deepEqual(shape(o.nodes), [
    [
      '一、',
      '总体要求',
      [
        [
          '（一）',
          '指导思想',
          [
            [
              '1.',
              '坚持党的领导',
              [
                [
                  '（1）',
                  '健全制度',
                  [
                    ['①', '完善议事规则'],
                    ['②', '规范会议记录'],
                  ],
                ],
                ['（2）', '压实责任'],
              ],
            ],
            ['2.', '坚持问题导向'],
          ],
        ],
        ['（二）', '工作目标'],
      ],
    ],
    ['二、', '重点任务'],
  ]);
});

test('levels follow the document: skipped levels and speech markers (一、 → 第一， → 一是)', () => {
  const o = parseOutline(
    [
      '讲话',
      '一、抓班子',
      '1.选优配强',
      '2.加强培训',
      '二、抓队伍',
      '第一，建强组织。要加强领导。',
      '一是全面加强政治建设。',
      '二是推动基层党组织建设。',
      '第二，做好宣传。',
      '一是强化理论武装。',
    ].join('\n'),
  );
  assert.deepEqual(shape(o.nodes), [
    [
      '一、',
      '抓班子',
      [
        ['1.', '选优配强'],
        ['2.', '加强培训'],
      ],
    ],
    [
      '二、',
      '抓队伍',
      [
        [
          '第一',
          '建强组织',
          [
            ['一是', '全面加强政治建设'],
            ['二是', '推动基层党组织建设'],
          ],
        ],
        ['第二', '做好宣传', [['一是', '强化理论武装']]],
      ],
    ],
  ]);
});

test('一、 heads the document: numbered 一是 paragraphs of the preamble do not swallow it', () => {
  const o = parseOutline(
    ['讲话', '过去一年，我们做了以下工作。', '一是抓了学习。', '二是抓了落实。', '一、下步工作', '一是加强领导。'].join(
      '\n',
    ),
  );
  assert.deepEqual(shape(o.nodes), [
    ['一是', '抓了学习'],
    ['二是', '抓了落实'],
    ['一、', '下步工作', [['一是', '加强领导']]],
  ]);
});

test('a list whose 一是 ends one paragraph and whose 二是 opens the next is one list', () => {
  const o = parseOutline(
    [
      '讲话',
      '（一）健全机制。重点抓好以下工作：一是健全责任体系。',
      '二是加强分类指导。',
      '三是严格督查考核。',
      '一、下步工作',
      '要抓好三件事：一要抓学习。',
      '二要抓落实。',
    ].join('\n'),
  );
  assert.deepEqual(shape(o.nodes), [
    [
      '（一）',
      '健全机制',
      [
        ['一是', '健全责任体系'],
        ['二是', '加强分类指导'],
        ['三是', '严格督查考核'],
      ],
    ],
    [
      '一、',
      '下步工作',
      [
        ['一要', '抓学习'],
        ['二要', '抓落实'],
      ],
    ],
  ]);
  assert.equal(o.nodes[0]?.text, '重点抓好以下工作：');
});

test('a problem lead-in before the first heading whose items run over paragraphs gives problem nodes', () => {
  const o = parseOutline(
    ['讲话', '当前还存在一些突出问题：一是责任落实不到位。', '二是措施方法不精准。', '一、抓整改'].join('\n'),
  );
  assert.deepEqual(
    o.nodes.map((n) => [n.numbering, n.heading, n.children.map((c) => `${c.numbering}${c.heading}:${c.kind}`)]),
    [
      ['', '当前还存在一些突出问题', ['一是责任落实不到位:problem', '二是措施方法不精准:problem']],
      ['一、', '抓整改', []],
    ],
  );
});

test('regulations nest 第一章 → 第一条 → （一）, and 第二章 closes the articles', () => {
  const o = parseOutline(
    [
      '党支部工作条例',
      '第一章 总则',
      '第一条 为了加强党支部建设，制定本条例。',
      '第二条 党支部应当做到：',
      '（一）学习政治理论；',
      '（二）落实组织生活；',
      '第二章 组织设置',
      '第三条 党员人数较多的，设立党总支。',
    ].join('\n'),
  );
  assert.deepEqual(
    o.nodes.map((n) => [n.numbering, n.children.map((c) => [c.numbering, c.children.map((g) => g.numbering)])]),
    [
      [
        '第一章',
        [
          ['第一条', []],
          ['第二条', ['（一）', '（二）']],
        ],
      ],
      ['第二章', [['第三条', []]]],
    ],
  );
});

test('a stray "1." before the first 一、 does not swallow the document', () => {
  const o = parseOutline(['讲话', '1.会议议程', '一、第一部分', '（一）小节', '二、第二部分'].join('\n'));
  assert.deepEqual(shape(o.nodes), [
    ['1.', '会议议程'],
    ['一、', '第一部分', [['（一）', '小节']]],
    ['二、', '第二部分'],
  ]);
});

test('the heading is the first sentence; the rest of the paragraph and the next paragraphs are its text', () => {
  const o = parseOutline(
    ['讲话', '（一）不断增强党的政治领导力。政治领导力的强弱，是重要试金石。', '要旗帜鲜明讲政治。'].join('\n'),
  );
  const [n] = o.nodes;
  assert.ok(n);
  assert.equal(n.heading, '不断增强党的政治领导力');
  assert.equal(n.text, '政治领导力的强弱，是重要试金石。\n要旗帜鲜明讲政治。');
  assert.equal(o.cleanedText.slice(...n.headingSpan), n.heading);
  assert.equal(n.kind, 'task');
});

test('a 。 inside quotation marks does not end a heading', () => {
  const o = parseOutline('讲话\n一是树好“其身正，不令而行。”的形象。要带头。');
  assert.equal(o.nodes[0]?.heading, '树好“其身正，不令而行。”的形象');
});

test('一是…二是… inside a heading paragraph become its children; 统一是 does not', () => {
  const o = parseOutline(
    '讲话\n（二）健全机制。思想统一是前提。一是健全责任体系。各级党组织要履责。二是加强分类指导。三是严格督查考核。',
  );
  assert.deepEqual(shape(o.nodes), [
    [
      '（二）',
      '健全机制',
      [
        ['一是', '健全责任体系'],
        ['二是', '加强分类指导'],
        ['三是', '严格督查考核'],
      ],
    ],
  ]);
  const [section] = o.nodes;
  assert.equal(section?.kind, 'section');
  assert.equal(section?.text, '思想统一是前提。');
  assert.deepEqual(section?.children[0]?.bodies, ['各级党组织']);
});

test('a paragraph that opens with 一是 and goes on to 二是 gives siblings; the next paragraph is the parent’s', () => {
  const o = parseOutline(
    '讲话\n四、改进作风\n一是坚持实事求是。要从实际出发。二是发扬斗争精神。三是勇于实干担当。\n组织部门要争做表率。',
  );
  assert.deepEqual(shape(o.nodes), [
    [
      '四、',
      '改进作风',
      [
        ['一是', '坚持实事求是'],
        ['二是', '发扬斗争精神'],
        ['三是', '勇于实干担当'],
      ],
    ],
  ]);
  const [four] = o.nodes;
  assert.equal(four?.text, '组织部门要争做表率。');
  assert.deepEqual(
    four?.requirements.map((r) => r.text),
    ['组织部门要争做表率'],
  );
  assert.deepEqual(four?.bodies, ['组织部门']);
  assert.equal(four?.children[2]?.text, '');
});

test('首先…其次…最后 and 一方面…另一方面 inside paragraphs are enumerations; 第一季度 is not', () => {
  const o = parseOutline(
    '讲话\n一、抓落实\n第一季度要开好局。首先，要提高认识。其次，要健全机制。最后，要严格考核。\n二、联系群众\n一方面，要建强组织。另一方面，要走好群众路线。',
  );
  assert.deepEqual(shape(o.nodes), [
    [
      '一、',
      '抓落实',
      [
        ['首先', '要提高认识'],
        ['其次', '要健全机制'],
        ['最后', '要严格考核'],
      ],
    ],
    [
      '二、',
      '联系群众',
      [
        ['一方面', '要建强组织'],
        ['另一方面', '要走好群众路线'],
      ],
    ],
  ]);
  assert.deepEqual(
    o.nodes[0]?.deadlines.map((d) => d.text),
    ['第一季度'],
  );
});

test('an enumeration nested inside an item becomes its children (一是 → 一要 …)', () => {
  const o = parseOutline('讲话\n一、抓学习\n一是学理论，一要读原著，二要悟原理。二是重实践。');
  assert.deepEqual(shape(o.nodes), [
    [
      '一、',
      '抓学习',
      [
        [
          '一是',
          '学理论',
          [
            ['一要', '读原著'],
            ['二要', '悟原理'],
          ],
        ],
        ['二是', '重实践'],
      ],
    ],
  ]);
});

test('a problem passage before the first heading is an unnumbered node whose items are problems', () => {
  const o = parseOutline(
    '讲话\n同志们：\n全市党建工作仍存在不少突出问题。一是责任落实还不到位。二是措施方法还不精准。下面，我讲两点意见。\n一、提升站位\n二、加强领导',
  );
  assert.deepEqual(
    o.nodes.map((n) => [n.numbering, n.heading, n.kind, n.children.map((c) => c.kind)]),
    [
      ['', '全市党建工作仍存在不少突出问题', 'section', ['problem', 'problem']],
      ['一、', '提升站位', 'task', []],
      ['二、', '加强领导', 'task', []],
    ],
  );
});

test('a heading that names problems makes its items problems; a review of past work gives principles', () => {
  const o = parseOutline(
    '讲话\n过去一年，我们取得了明显成效。一是理论学习更加深入。二是作风更加扎实。\n一、存在的问题\n（一）责任落实不到位。\n（二）创新力度不够。\n二、工作安排\n（一）要抓好学习。',
  );
  const kinds = (n: OutlineNode | undefined) => n?.children.map((c) => c.kind);
  assert.deepEqual(kinds(o.nodes[0]), ['principle', 'principle']);
  assert.deepEqual(kinds(o.nodes[1]), ['problem', 'problem']);
  assert.deepEqual(kinds(o.nodes[2]), ['task']);
});

test('the closing (同志们，…) after the last section belongs to no section', () => {
  const o = parseOutline('讲话\n一、抓落实\n要抓好落实。\n同志们，让我们团结一心，共创佳绩！');
  const [n] = o.nodes;
  assert.equal(n?.text, '要抓好落实。');
  assert.equal(o.cleanedText.slice(...(n?.span ?? [0, 0])), '一、抓落实\n要抓好落实。');
});

test('title, subtitle and a stated date are read from the top of the document', () => {
  const o = parseOutline('在全市组织工作会议上的讲话\n——市委书记 某某\n（2020年4月15日）\n同志们：\n一、抓落实');
  assert.equal(o.title, '在全市组织工作会议上的讲话 ——市委书记 某某');
  assert.equal(o.date, '2020年4月15日');
  assert.equal(parseOutline('讲话\n一、抓落实').date, null);
});

test('a document without numbering or text gives an empty outline', () => {
  assert.deepEqual(toOutlineJson(parseOutline('')), { title: null, removed: [], nodes: [] });
  const plain = parseOutline('这是一段没有编号的文字。它只有正文。');
  assert.equal(plain.title, null);
  assert.deepEqual(plain.nodes, []);
});

test('targets, deadlines and bodies belong to the node whose own text states them', () => {
  const o = parseOutline(
    '讲话\n一、夯实基层\n三是全面夯实基础。实施“双百工程”（选聘选派100名联合党支部书记和100名党建指导员），年底前创建四星级党组织100个，组织部门牵头。',
  );
  const [one] = o.nodes;
  const three = one?.children[0];
  assert.deepEqual(
    three?.targets.map((t) => [t.value, t.unit]),
    [
      [100, '名'],
      [100, '名'],
      [100, '个'],
    ],
  );
  assert.deepEqual(
    three?.deadlines.map((d) => d.text),
    ['年底前'],
  );
  assert.deepEqual(three?.bodies, ['组织部门']);
  assert.deepEqual(one?.targets, []);
  for (const t of three?.targets ?? []) assert.match(o.cleanedText.slice(...t.span), /^100[名个]$/);
});

test('the JSON is exactly the stable shape: no extra keys anywhere', () => {
  const o = parseOutline(
    '讲话\n首页 > 讲话稿\n一、抓落实。年底前完成100个，组织部门负责。\n一是学习。二是落实。\n- 2 -',
  );
  const json = toOutlineJson(o);
  assert.deepEqual(Object.keys(json), ['title', 'removed', 'nodes']);
  assert.deepEqual(json.removed, [
    { text: '首页 > 讲话稿', reason: '网站导航' },
    { text: '- 2 -', reason: '页码' },
  ]);
  const check = (n: unknown): void => {
    const node = n as Record<string, unknown>;
    assert.deepEqual(Object.keys(node), [
      'numbering',
      'heading',
      'kind',
      'span',
      'targets',
      'deadlines',
      'bodies',
      'children',
      'lead',
      'cooperating',
      'persons',
    ]);
    for (const k of ['lead', 'cooperating', 'persons']) {
      assert.ok(
        (node[k] as unknown[]).every((x) => typeof x === 'string'),
        k,
      );
    }
    for (const t of node.targets as Record<string, unknown>[])
      assert.deepEqual(Object.keys(t), ['value', 'unit', 'text']);
    for (const d of node.deadlines as Record<string, unknown>[]) assert.deepEqual(Object.keys(d), ['text']);
    (node.children as unknown[]).forEach(check);
  };
  json.nodes.forEach(check);
  assert.deepEqual(json.nodes[0], {
    numbering: '一、',
    heading: '抓落实',
    kind: 'section',
    span: [3, 37],
    targets: [{ value: 100, unit: '个', text: '年底前完成100个' }],
    deadlines: [{ text: '年底前' }],
    bodies: ['组织部门'],
    lead: ['组织部门'], // 组织部门负责
    cooperating: [],
    persons: [],
    children: [
      {
        numbering: '一是',
        heading: '学习',
        kind: 'principle',
        span: [27, 32],
        targets: [],
        deadlines: [],
        bodies: [],
        children: [],
        lead: [],
        cooperating: [],
        persons: [],
      },
      {
        numbering: '二是',
        heading: '落实',
        kind: 'task',
        span: [32, 37],
        targets: [],
        deadlines: [],
        bodies: [],
        children: [],
        lead: [],
        cooperating: [],
        persons: [],
      },
    ],
  });
});

test('a notice with 要点 reads as well as a speech: restarted 1. under 三、, 责任单位, dates and thresholds', () => {
  const o = parseOutline(
    [
      '关于印发《2021年基层党建工作要点》的通知',
      '各乡镇（街道）党（工）委，区直各单位党组织：',
      '现将《2021年基层党建工作要点》印发给你们，请认真贯彻落实。',
      '中共XX区委组织部',
      '2021年3月1日',
      '一、总体要求',
      '坚持以习近平新时代中国特色社会主义思想为指导。',
      '二、重点任务',
      '（一）加强政治建设',
      '1.深入学习贯彻全会精神。各级党组织要在6月底前完成集中轮训。（责任单位：区委组织部、区委宣传部）',
      '2.开展党史学习教育。第一季度启动，7月1日前形成阶段性成果。',
      '（二）夯实基层基础',
      '3.推进村级组织换届。年底前完成，确保“一肩挑”比例达到95%以上，新发展党员不少于120名。',
      '三、保障措施',
      '1.加强组织领导。',
      '2.强化督查考核。对工作不力的，进行约谈。',
      '第 3 页',
    ].join('\n'),
  );
  assert.equal(o.title, '关于印发《2021年基层党建工作要点》的通知');
  assert.equal(o.date, '2021年3月1日');
  assert.deepEqual(
    o.removed.map((r) => r.reason),
    ['页码'],
  );
  const brief = (nodes: OutlineNode[]): unknown[] =>
    nodes.map((n) => (n.children.length ? [n.numbering, brief(n.children)] : n.numbering));
  assert.deepEqual(brief(o.nodes), [
    '一、',
    [
      '二、',
      [
        ['（一）', ['1.', '2.']],
        ['（二）', ['3.']],
      ],
    ],
    ['三、', ['1.', '2.']],
  ]);
  const [one, two] = o.nodes[1]?.children[0]?.children ?? [];
  assert.deepEqual(
    one?.deadlines.map((d) => d.text),
    ['6月底前'],
  );
  assert.deepEqual(one?.bodies, ['各级党组织', '区委组织部', '区委宣传部']);
  assert.deepEqual(
    two?.deadlines.map((d) => d.text),
    ['第一季度', '7月1日前'],
  );
  const three = o.nodes[1]?.children[1]?.children[0];
  assert.deepEqual(
    three?.targets.map((t) => [t.value, t.unit, t.qualifier]),
    [
      [95, '%', '以上'],
      [120, '名', '不少于'],
    ],
  );
  assert.deepEqual(
    o.nodes[2]?.children[1]?.meetings.map((m) => m.text),
    ['督查', '考核', '约谈'],
  );
});

test('lead and cooperating bodies and the persons named responsible are read from the words around them', () => {
  const text = [
    '一、重点任务',
    '（一）开展软弱涣散村党组织整顿。牵头单位：县委组织部；配合单位：县民政局、县农业农村局。责任人：王建国、李红。2026年12月底前完成。',
    '（二）推进村级集体经济发展。由县农业农村局牵头，县财政局、县委组织部等配合，年底前消除集体经济空壳村5个（张伟负责）。',
    '（三）加强党员教育管理。县委宣传部负责，各乡镇党委协同。',
  ].join('\n');
  const outline = parseOutline(text);
  const items = outline.nodes[0]?.children ?? [];
  const roles = items.map((n) => ({ lead: n.lead, cooperating: n.cooperating, persons: n.persons }));
  assert.deepEqual(roles[0], {
    lead: ['县委组织部'],
    cooperating: ['县民政局', '县农业农村局'],
    persons: ['王建国', '李红'],
  });
  assert.deepEqual(roles[1], { lead: ['县农业农村局'], cooperating: ['县财政局', '县委组织部'], persons: ['张伟'] });
  assert.deepEqual(roles[2]?.lead, ['县委宣传部']);
  // Every lead and cooperating body is one of the node's bodies.
  for (const n of items) for (const b of [...n.lead, ...n.cooperating]) assert.ok(n.bodies.includes(b), b);
});

test('a task table pasted tab-separated becomes one task per row with its lead, cooperating bodies and deadline', () => {
  const text = [
    '2027年基层党建工作要点',
    '一、重点任务',
    ['序号', '工作内容', '牵头单位', '配合单位', '责任人', '完成时限'].join('\t'),
    ['1', '开展软弱涣散村党组织整顿', '县委组织部', '县民政局、县农业农村局', '王建国', '2027年6月底前'].join('\t'),
    ['2', '推进村级集体经济发展，消除空壳村5个', '县农业农村局', '县财政局', '', '2027年12月底前'].join('\t'),
    ['3', '加强党员教育管理', '县委宣传部', '', '', ''].join('\t'),
    '二、工作要求',
    '各单位要高度重视。',
  ].join('\n');
  const outline = parseOutline(text);
  const rows = outline.nodes[0]?.children ?? [];
  assert.deepEqual(
    rows.map((n) => [n.numbering, n.heading, n.lead, n.cooperating, n.persons, n.deadlines.map((d) => d.text)]),
    [
      ['1.', '开展软弱涣散村党组织整顿', ['县委组织部'], ['县民政局', '县农业农村局'], ['王建国'], ['2027年6月底前']],
      ['2.', '推进村级集体经济发展，消除空壳村5个', ['县农业农村局'], ['县财政局'], [], ['2027年12月底前']],
      ['3.', '加强党员教育管理', ['县委宣传部'], [], [], []],
    ],
  );
  assert.deepEqual(
    rows[1]?.targets.map((t) => [t.value, t.unit]),
    [[5, '个']],
  );
  assert.equal(outline.nodes[1]?.heading, '工作要求');
});

test('text that lost its line breaks is re-segmented before its headings; its title is kept', () => {
  const body = '要在年底前完成10个村党支部标准化建设，推动各项工作落实落地，确保取得实效。'.repeat(3);
  const text = `关于加强基层党建工作的意见 一、抓好组织建设。${body}二、加强队伍建设。要培训党员100人。${body}三、强化保障。各单位要落实经费。${body}`;
  const outline = parseOutline(text);
  assert.equal(outline.title, '关于加强基层党建工作的意见');
  assert.deepEqual(
    outline.nodes.map((n) => [n.numbering, n.heading]),
    [
      ['一、', '抓好组织建设'],
      ['二、', '加强队伍建设'],
      ['三、', '强化保障'],
    ],
  );
  // A line of ordinary length keeps its inline numbering (统一、 and 一、 inside a sentence are not headings).
  assert.equal(parseOutline('会议要求：一、二季度完成。').nodes.length <= 1, true);
});

test('a summing-up after the last section, with its own enumeration, is no child of the last section', () => {
  const outline = parseOutline(
    '一、组织建设\n要建强支部。\n二、队伍建设\n要培训党员。\n总之，做好今年工作，一要提高认识，二要压实责任，三要强化考核。',
  );
  assert.deepEqual(
    outline.nodes.map((n) => n.numbering),
    ['一、', '二、', ''],
  );
  assert.deepEqual(outline.nodes[1]?.children, []);
  assert.deepEqual(
    outline.nodes[2]?.children.map((c) => c.numbering),
    ['一要', '二要', '三要'],
  );
});

test('an ordinal and the same lead character, whatever it is (一抓…二抓…三抓…), is an enumeration', () => {
  const outline = parseOutline(
    '一、重点工作\n一抓班子，选好配强村党组织书记。二抓队伍，发展年轻党员。三抓阵地，建设党群服务中心。',
  );
  assert.deepEqual(
    outline.nodes[0]?.children.map((c) => c.numbering),
    ['一抓', '二抓', '三抓'],
  );
  // Words that start with 一 are not sequences: 一定…一些…一切… and a lone 二定.
  const words = parseOutline('一、要求\n一定要高度重视，一些地方还存在问题，一切从实际出发。二定不能松懈。');
  assert.deepEqual(words.nodes[0]?.children, []);
});

test('the signature, the date and the 附件 lines end the body and never become a deadline', () => {
  const outline = parseOutline(
    '关于做好2027年党建工作的通知\n各党支部：\n一、加强组织建设\n年底前完成10个支部标准化建设。\n二、加强队伍建设\n培训党员100人。\n附件：1.任务分解表\n2.进度表\n中共某某县委组织部\n2026年12月1日',
  );
  assert.equal(outline.date, '2026年12月1日', 'the document keeps its date');
  assert.deepEqual(
    outline.nodes.map((n) => [n.numbering, n.deadlines.map((d) => d.text), n.children.length]),
    [
      ['一、', ['年底前'], 0],
      ['二、', [], 0],
    ],
  );
  assert.doesNotMatch(outline.nodes[1]?.text ?? '', /附件|组织部/);
});

test('the date a text takes effect is no deadline; a review of past work sets no targets', () => {
  const effect = parseOutline('一、总则\n本办法自2027年1月1日起施行。\n二、任务\n各单位要在2027年3月底前完成自查。');
  assert.deepEqual(
    effect.nodes.map((n) => n.deadlines.map((d) => d.text)),
    [[], ['2027年3月底前']],
  );
  const review = parseOutline(
    '一、2026年工作回顾\n今年以来，我们建成党群服务中心15个，培训党员3000人次。\n二、2027年工作安排\n要新建党群服务中心20个。',
  );
  assert.deepEqual(
    review.nodes.map((n) => [n.kind, n.targets.map((t) => t.value), n.deadlines.length]),
    [
      ['principle', [], 0],
      ['task', [20], 0],
    ],
  );
});

test('offices of any kind of organisation are bodies, not only those the dictionary knows', () => {
  const outline = parseOutline(
    '一、任务\n县人社局、县住建局、县医保局要抓好落实，县委政法委牵头，县公安局配合。市场监管局加强监管，区融媒体中心做好宣传，县供销合作社参与。县长要亲自抓。',
  );
  const node = outline.nodes[0];
  assert.deepEqual(node?.bodies, [
    '县人社局',
    '县住建局',
    '县医保局',
    '县委政法委',
    '县公安局',
    '市场监管局',
    '区融媒体中心',
    '县供销合作社',
  ]);
  assert.deepEqual(node?.lead, ['县委政法委']);
  assert.deepEqual(node?.cooperating, ['县公安局', '县供销合作社']);
});

test('a text with no numbering at all offers its requirement sentences as candidate items', () => {
  const outline = parseOutline(
    '关于加强村级组织建设的通知\n各乡镇党委：\n为进一步加强村级组织建设，现将有关事项通知如下。各乡镇要在年底前完成村党组织书记轮训。要建立村干部坐班值班制度。各村要在6月底前建成便民服务站10个。\n特此通知。',
  );
  assert.equal(outline.structured, false);
  assert.deepEqual(
    outline.nodes.map((n) => [n.numbering, n.heading, n.kind, n.deadlines.map((d) => d.text)]),
    [
      ['', '各乡镇要在年底前完成村党组织书记轮训', 'task', ['年底前']],
      ['', '要建立村干部坐班值班制度', 'task', []],
      ['', '各村要在6月底前建成便民服务站10个', 'task', ['6月底前']],
    ],
  );
  assert.equal(parseOutline('一、任务\n要抓好落实。').structured, true);
});

/** numbering, heading and kind of each node of the stable JSON, nested. */
type KindShape = [string, string, string, KindShape[]?];
function kinds(nodes: ReturnType<typeof toOutlineJson>['nodes']): KindShape[] {
  return nodes.map((n) =>
    n.children.length > 0 ? [n.numbering, n.heading, n.kind, kinds(n.children)] : [n.numbering, n.heading, n.kind],
  );
}

test('a list restarting at 1 inside an item nests in it; the outer list resumes at its next number', () => {
  const o = toOutlineJson(
    parseOutline(
      [
        '通知',
        '一、重点工作',
        '1.加强组织建设。',
        '1.健全制度。',
        '2.完善机制。',
        '3.压实责任。',
        '2.推进队伍建设。',
        '3.强化保障。',
      ].join('\n'),
    ),
  );
  assert.deepEqual(
    kinds(o.nodes)[0]?.[3]?.map((n) => [n[0], n[1], n[3]?.map((c) => c[0] + c[1])]),
    [
      ['1.', '加强组织建设', ['1.健全制度', '2.完善机制', '3.压实责任']],
      ['2.', '推进队伍建设', undefined],
      ['3.', '强化保障', undefined],
    ],
  );
  const p = toOutlineJson(
    parseOutline(
      ['通知', '（一）加强组织建设。', '（一）健全制度。', '（二）完善机制。', '（二）推进队伍建设。'].join('\n'),
    ),
  );
  assert.deepEqual(
    p.nodes.map((n) => [n.numbering, n.children.map((c) => c.numbering)]),
    [
      ['（一）', ['（一）', '（二）']],
      ['（二）', []],
    ],
  );
});

test('一要…二要… in a paragraph are its children, never siblings or parents of the numbered sub-sections', () => {
  const a = toOutlineJson(
    parseOutline(
      [
        '讲话',
        '二、重点工作',
        '（一）加强组织建设。一要健全制度。二要完善机制。三要压实责任。',
        '（二）推进队伍建设。',
        '（三）强化保障。',
      ].join('\n'),
    ),
  );
  assert.deepEqual(
    a.nodes[0]?.children.map((c) => [c.numbering, c.children.map((x) => x.numbering)]),
    [
      ['（一）', ['一要', '二要', '三要']],
      ['（二）', []],
      ['（三）', []],
    ],
  );
  // 三要压实责任 asks by its marker: a task.
  assert.equal(a.nodes[0]?.children[0]?.children[2]?.kind, 'task');
  // A one-paragraph 一要…二要… list ended with its paragraph: the （一） after it is no child of 二要.
  const b = parseOutline(['讲话', '二、重点工作', '一要健全制度，二要完善机制。', '（一）加强组织建设'].join('\n'));
  assert.deepEqual(
    b.nodes[0]?.children.map((c) => [c.numbering, c.children.length]),
    [
      ['一要', 0],
      ['二要', 0],
      ['（一）', 0],
    ],
  );
});

test('items of an announced task list and rows of a task table are tasks; a review stays principles', () => {
  const o = toOutlineJson(
    parseOutline(
      [
        '通知',
        '一、过去一年工作',
        '1.党员教育培训。',
        '2.基层阵地建设。',
        '二、重点任务',
        '1.党员教育培训。',
        '2.基层阵地建设。',
      ].join('\n'),
    ),
  );
  assert.deepEqual(kinds(o.nodes), [
    [
      '一、',
      '过去一年工作',
      'section',
      [
        ['1.', '党员教育培训', 'principle'],
        ['2.', '基层阵地建设', 'principle'],
      ],
    ],
    [
      '二、',
      '重点任务',
      'section',
      [
        ['1.', '党员教育培训', 'task'],
        ['2.', '基层阵地建设', 'task'],
      ],
    ],
  ]);
  const t = toOutlineJson(
    parseOutline('通知\n序号\t工作内容\t牵头单位\t完成时限\n1\t党员教育培训\t县委组织部\t2026年12月底前'),
  );
  assert.deepEqual(kinds(t.nodes), [['1.', '党员教育培训', 'task']]);
});

test('an item that asks for several things offers each requirement as a sub-item with its own targets', () => {
  const o = toOutlineJson(
    parseOutline(
      [
        '讲话',
        '一、重点工作',
        '三是抓好班子建设。选好配强村党组织带头人，优化班子结构；健全村干部履职责任制，明确任务清单；实施“双百工程”，开展示范培训；创建四星级党组织100个、五星级15个。',
        '四是加强阵地建设。要整合资源，建成党群服务中心30个。',
      ].join('\n'),
    ),
  );
  const three = o.nodes[0]?.children[0];
  assert.equal(three?.kind, 'section');
  assert.deepEqual(
    three?.children.map((c) => [c.heading, c.kind, c.targets.map((t) => `${t.value}${t.unit}`)]),
    [
      ['选好配强村党组织带头人，优化班子结构', 'task', []],
      ['健全村干部履职责任制，明确任务清单', 'task', []],
      ['实施“双百工程”，开展示范培训', 'task', []],
      ['创建四星级党组织100个、五星级15个', 'task', ['100个', '15个']],
    ],
  );
  // The parent keeps its own targets as before.
  assert.deepEqual(
    three?.targets.map((t) => t.value),
    [100, 15],
  );
  // One requirement: a leaf.
  const four = o.nodes[0]?.children[1];
  assert.deepEqual([four?.kind, four?.children.length, four?.targets.map((t) => t.value)], ['task', 0, [30]]);
});
