/**
 * The one table of server-made text: every message the server composes for people to read (errors, progress labels,
 * notification titles and bodies), in zh-CN and English, with `{name}` placeholders. The server sends a message as
 * its key and parameters beside the Chinese text it renders from here (the CLI and API clients read the text); the
 * web renders the key through this same table in the language the user chose. It lives in the domain so that the
 * domain's rules (a refused transition, a progress label) name their messages by key; keys never collide with the
 * web's own table (src/web/lib/i18n.ts), and a test holds both languages to the same keys and placeholders.
 */

import { DEPLOYMENT_TEXT_TOO_LONG, MAX_DEPLOYMENT_TEXT_CHARS } from './files/limits.ts';

export type MessageText = { readonly zh: string; readonly en: string };
export type MessageLang = 'zh' | 'en';

/**
 * A parameter: plain text or a number; a vocabulary label ({zh, en}, from a domain vocab); another message; or a list
 * (of values, joined with 、 / ", "; of messages, joined with ； / "; ").
 */
export type MessageParam = string | number | MessageText | Msg | readonly (string | number | Msg)[];
export type MessageParams = { readonly [name: string]: MessageParam };

/** A message as it travels: its key in MESSAGES and the values of its placeholders. */
export type Msg = { readonly key: MessageKey; readonly params?: MessageParams };

export const MESSAGES = {
  // --- Requests refused by the HTTP layer (status and framework errors)
  'err.http.401': { zh: '请先登录', en: 'Please sign in first' },
  'err.http.403': { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'err.http.404': { zh: '未找到请求的接口或页面', en: 'The requested page or endpoint was not found' },
  'err.http.405': { zh: '不支持该请求方法', en: 'This request method is not supported' },
  'err.http.406': { zh: '无法提供所要求的内容格式', en: 'The requested content format cannot be provided' },
  'err.http.408': { zh: '请求超时，请重试', en: 'The request timed out; please try again' },
  'err.http.409': { zh: '与当前数据冲突', en: 'This conflicts with the current data' },
  'err.http.411': { zh: '请求缺少内容长度', en: 'The request has no content length' },
  'err.http.413': { zh: '请求内容过大', en: 'The request is too large' },
  'err.http.414': { zh: '网址过长', en: 'The address is too long' },
  'err.http.415': { zh: '不支持的请求内容类型', en: 'Unsupported content type' },
  'err.http.429': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  'err.http.431': { zh: '请求头过大', en: 'The request headers are too large' },
  'err.http.other': { zh: '请求无效', en: 'Invalid request' },
  'err.internal': { zh: '服务器内部错误，请稍后重试', en: 'Internal server error; please try again later' },
  'err.http.badJson': { zh: '请求内容的格式有误，无法解析', en: 'The request body is malformed and cannot be read' },
  'err.http.emptyJson': { zh: '请求内容为空', en: 'The request body is empty' },
  'err.http.badLength': {
    zh: '请求内容的长度与声明的不符',
    en: 'The request body does not match its declared length',
  },
  'err.http.bodyTooLarge': { zh: '请求内容超过 {limit} 的上限', en: 'The request exceeds the limit of {limit}' },
  'err.http.fileTooLarge': {
    zh: '上传的文件过大：单个文件的上限为 {limit}',
    en: 'The uploaded file is too large: the limit per file is {limit}',
  },
  'err.http.tooManyFiles': {
    zh: '上传的文件过多：一次最多上传 {count} 个文件',
    en: 'Too many files: at most {count} files per upload',
  },
  'err.http.tooManyParts': { zh: '表单内容过多：一次最多 {count} 项', en: 'Too many form fields: at most {count}' },
  'err.http.notMultipart': {
    zh: '请求不是文件上传表单：请选择文件后重新提交',
    en: 'The request is not a file upload form: choose a file and submit again',
  },
  'err.http.badFieldName': { zh: '表单字段的名称无效', en: 'Invalid form field name' },
  'err.http.badJsonField': { zh: '表单字段的内容格式有误', en: 'A form field is malformed' },
  'err.http.uploadCut': {
    zh: '上传未完成：连接在传输途中断开',
    en: 'The upload did not finish: the connection was cut',
  },
  'err.http.badUrl': { zh: '网址中含有无效的字符', en: 'The address contains invalid characters' },
  'err.http.originRefused': {
    zh: '请求来自其他网站，已拒绝。请直接在本系统的页面中操作',
    en: 'The request came from another site and was refused. Please work from this system’s own pages',
  },
  'err.http.rateLimited': {
    zh: '尝试过于频繁，请在 {seconds} 秒后再试',
    en: 'Too many attempts; try again in {seconds} seconds',
  },
  'err.db.unavailable': {
    zh: '数据库暂时不可用，请稍后重试（通常几秒内恢复）',
    en: 'The database is unavailable for a moment; please try again shortly (it usually recovers within seconds)',
  },
  'err.dataDir.locked': {
    zh: '数据目录 {dir} 正被进程 {pid}（{command}，主机 {host}，自 {since} 起）使用。嵌入式数据库同一时间只能由一个进程打开：请先停止该进程，或通过服务器的 HTTP 接口操作。',
    en: 'The data directory {dir} is in use by process {pid} ({command}, host {host}, since {since}). The embedded database opens in one process at a time: stop that process first, or work through the server’s HTTP API.',
  },
  'err.dataDir.noLock': {
    zh: '无法获取数据目录 {dir} 的锁文件 {file}',
    en: 'Cannot take the lock file {file} of the data directory {dir}',
  },
  'err.idem.badKey': {
    zh: 'Idempotency-Key 应为 8 到 100 个字母、数字或 _ . : - 组成的字符串',
    en: 'An Idempotency-Key is 8 to 100 letters, digits or _ . : -',
  },
  'err.idem.inProgress': {
    zh: '同一请求正在处理中，请稍候刷新页面查看结果',
    en: 'The same request is being processed; refresh the page in a moment to see the result',
  },
  'err.idem.takenOver': {
    zh: '这次提交等待过久，已由重试的请求接替处理，本次未保存任何内容',
    en: 'This submission waited too long and a retry took it over; nothing was saved by this one',
  },
  'notice.idem.writtenEarlier': {
    zh: '这次提交此前已经保存，未重复写入；请刷新页面查看结果',
    en: 'This submission had already been saved and was not written twice; refresh the page to see it',
  },
  'err.idem.reused': {
    zh: '这个 Idempotency-Key 已用于另一个请求，请为新的操作生成新的键',
    en: 'This Idempotency-Key was used for another request; make a new key for a new operation',
  },
  'err.auth.required': { zh: '请先登录', en: 'Please sign in first' },
  'err.auth.passwordChangeFirst': {
    zh: '请先修改初始密码，再使用其他功能',
    en: 'Please change your initial password before using anything else',
  },
  'err.auth.roleForbidden': {
    zh: '当前账号的角色无权执行此操作',
    en: 'Your account’s role is not allowed to do this',
  },

  'err.auth.invalid': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'err.auth.disabled': {
    zh: '该账号已停用，请联系管理员',
    en: 'This account is disabled; please contact an administrator',
  },
  'err.auth.badRole': { zh: '账号角色无效', en: 'The account’s role is invalid' },
  'err.auth.delayed': {
    zh: '密码错误次数过多，请在 {wait}后（{at}）再试，或联系管理员解除限制',
    en: 'Too many wrong passwords: try again in {wait} (at {at}), or ask an administrator to lift the delay',
  },
  'err.auth.wrongCurrentPassword': { zh: '当前密码不正确', en: 'The current password is wrong' },
  'err.auth.samePassword': {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  'err.wait.seconds': { zh: '{n} 秒', en: '{n} s' },
  'err.wait.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'err.ref.outOfScope': {
    zh: '{what}不存在或不在您的管理范围内（编号 {id}）',
    en: '{what} not found or outside your scope (ID {id})',
  },

  // --- Organisations, positions, fields
  'err.org.notFound': {
    zh: '组织不存在或不在您的管理范围内（ID {id}）',
    en: 'Organisation not found or outside your scope (ID {id})',
  },
  'err.org.noSuchId': { zh: '组织不存在（ID {id}）', en: 'No such organisation (ID {id})' },
  'err.org.noSuchCode': { zh: '找不到组织编码“{code}”', en: 'No organisation has the code “{code}”' },
  'err.org.dissolved': { zh: '“{org}”已撤销', en: '“{org}” has been dissolved' },
  'err.org.dissolvedNoAction': {
    zh: '“{org}”已撤销，不能再做此操作',
    en: '“{org}” has been dissolved; this can no longer be done',
  },
  'err.org.noSuchField': { zh: '领域“{field}”不存在', en: 'No such field: “{field}”' },
  'err.org.codeTaken': { zh: '组织编码“{code}”已被使用', en: 'The organisation code “{code}” is already in use' },
  'err.org.structure': { zh: '{parent}下不能设立{child}', en: 'A {child} cannot be set up under a {parent}' },
  'err.org.moveOwnRoot': {
    zh: '不能移动本账号所管理的根组织，请由上级组织操作',
    en: 'You cannot move the root organisation of your own scope; the organisation above must do it',
  },
  'err.org.moveRoot': { zh: '不能移动根组织', en: 'The root organisation cannot be moved' },
  'err.org.moveIntoSelf': {
    zh: '不能把组织移动到它自己或它的下级组织之下',
    en: 'An organisation cannot be moved under itself or one of its sub-organisations',
  },
  'err.org.alreadyThere': {
    zh: '该组织已经在所选上级组织之下',
    en: 'The organisation is already under the chosen parent',
  },
  'err.org.dissolveOwnRoot': {
    zh: '组织的撤销由上级党组织决定，不能撤销本账号所管理的根组织',
    en: 'Dissolving is decided by the Party organisation above: you cannot dissolve the root of your own scope',
  },
  'err.org.dissolveFuture': { zh: '撤销日期不能晚于今天', en: 'The date of dissolving cannot be after today' },
  'err.org.hasChildren': {
    zh: '“{org}”下还有 {n} 个未撤销的下级组织，请先撤销或移走',
    en: '“{org}” still has {n} sub-organisations that are not dissolved: dissolve or move them first',
  },
  'err.org.hasMembers': {
    zh: '“{org}”还有 {n} 名党员（含入党申请人等），请先转接组织关系',
    en: '“{org}” still has {n} members (applicants included): transfer them first',
  },
  'err.org.fieldExists': { zh: '领域“{name}”（{code}）已存在', en: 'The field “{name}” ({code}) already exists' },
  'err.org.groupNoCommittee': {
    zh: '党小组不设委员会，请在党小组所属支部设置',
    en: 'A Party group has no committee: set it up in the branch the group belongs to',
  },
  'err.org.notFullMember': {
    zh: '{name}不是正式党员，不能担任{title}',
    en: '{name} is not a full member and cannot serve as {title}',
  },
  'err.org.hasSecretary': {
    zh: '{org}已有书记（{holder}），请先为其登记离任日期',
    en: '{org} already has a secretary ({holder}): record the end of their term first',
  },
  'err.position.notFound': {
    zh: '职务记录不存在或不在您的管理范围内（ID {id}）',
    en: 'Position record not found or outside your scope (ID {id})',
  },
  'err.position.endBeforeStart': {
    zh: '离任日期不能早于任职日期',
    en: 'The end of the term cannot be before its start',
  },

  // --- Accounts
  'err.user.notFound': {
    zh: '账号不存在或不在您的管理范围内（ID {id}）',
    en: 'Account not found or outside your scope (ID {id})',
  },
  'err.user.roleNotGrantable': {
    zh: '您不能创建或修改“{role}”角色的账号',
    en: 'You cannot create or change accounts with the role “{role}”',
  },
  'err.user.personOtherOrg': {
    zh: '关联的党员应属于账号所在组织',
    en: 'The linked member must belong to the account’s organisation',
  },
  'err.user.orgDissolved': {
    zh: '“{org}”已撤销，不能新建账号',
    en: '“{org}” has been dissolved; no new accounts can be made for it',
  },
  'err.user.memberNeedsPerson': {
    zh: '党员账号须关联本人的党员档案',
    en: 'A Party member’s account must be linked to their own member record',
  },
  'err.user.usernameTaken': { zh: '用户名“{username}”已被使用', en: 'The username “{username}” is already taken' },
  'err.user.notSelf': {
    zh: '不能修改本人账号的角色、所属组织或停用本人账号',
    en: 'You cannot change the role or organisation of your own account, nor disable it',
  },
  'err.user.mayNotOpenSecretaries': {
    zh: '您不能开通“书记/委员”角色的账号',
    en: 'You cannot open accounts with the role “Secretary / committee member”',
  },
  'err.user.tooManyToOpen': {
    zh: '一次最多开通{limit}个账号，“{org}”下需开通{n}个：请按下级组织分批开通，或在服务器上用命令行 luoshi users bulk-secretaries 开通',
    en: 'At most {limit} accounts can be opened at once and “{org}” needs {n}: open them by sub-organisation, or on the server with luoshi users bulk-secretaries',
  },
  'err.user.openedMeanwhile': {
    zh: '开通期间有账号被他人同时开通，未开通任何账号；请重新预览后再开通',
    en: 'Someone opened accounts at the same time; none were opened: preview again, then open them',
  },
  'err.user.currentPasswordNeeded': {
    zh: '修改本人密码须输入当前密码',
    en: 'Changing your own password needs your current password',
  },

  // --- People
  'err.person.notFound': {
    zh: '人员不存在或不在您的管理范围内（ID {id}）',
    en: 'Person not found or outside your scope (ID {id})',
  },
  'err.person.noRecord': { zh: '本账号未关联党员档案', en: 'This account is not linked to a member record' },
  'err.person.recordElsewhere': {
    zh: '本账号关联的党员档案不在本组织',
    en: 'The member record linked to this account is not in this organisation',
  },
  'err.person.idLocked': {
    zh: '已登记的身份证号和出生日期只能由组织管理员修改',
    en: 'A registered ID number and birth date can be changed by an organisation administrator only',
  },
  'err.person.orgDissolved': {
    zh: '“{org}”已撤销，不能登记人员',
    en: '“{org}” has been dissolved; no one can be registered in it',
  },
  'err.person.transferDissolved': {
    zh: '“{org}”已撤销，不能转入人员',
    en: '“{org}” has been dissolved; no one can be transferred into it',
  },
  'err.person.idChecksLimited': {
    zh: '身份证号核验过于频繁（每个账号{minutes}分钟内最多{max}次花名册校验或导入），请{wait}分钟后再试',
    en: 'Too many ID number checks (at most {max} roster checks or imports per account in {minutes} minutes); try again in {wait} minutes',
  },
  'err.person.idTaken': {
    zh: '身份证号已登记在“{org}”的{name}名下',
    en: 'The ID number is already registered to {name} of “{org}”',
  },
  'err.person.idNotHere': {
    zh: '该身份证号码不能在此登记，请联系上级组织部门核实',
    en: 'This ID number cannot be registered here; please check with the organisation department above',
  },
  // --- Findings on how an organisation is set up (org/setup-rules.ts)
  'rule.org.adviceJoint': {
    zh: '应与邻近单位党员成立联合党支部（覆盖单位一般不超过{units}个）或并入其他党支部',
    en: 'form a joint branch with the members of nearby units (usually covering at most {units} units) or merge into another branch',
  },
  'rule.org.adviceRejoin': {
    zh: '应调整联合范围或并入其他党支部',
    en: 'change the units it joins or merge into another branch',
  },
  'rule.org.tooFewFull': {
    zh: '{label}正式党员{n}人，不足{min}人，{advice}',
    en: '{label}: {n} full members, fewer than {min}; {advice}',
  },
  'rule.org.branchTooLarge': {
    zh: '{label}党员{n}人（含预备党员），一般不超过{max}人，可考虑分设党支部或设立党总支',
    en: '{label}: {n} members (probationary included), usually at most {max}; consider splitting the branch or setting up a general branch',
  },
  'rule.org.committeeRequired': {
    zh: '{label}正式党员{n}人，应设立支部委员会（支部委员会一般由{min}至{max}人组成）',
    en: '{label}: {n} full members, so a branch committee is required (usually {min} to {max} people)',
  },
  'rule.org.committeeTooLarge': {
    zh: '支部委员会现有{n}人，一般不超过{max}人',
    en: 'The branch committee has {n} people, usually at most {max}',
  },
  'rule.org.noSecretary': { zh: '未配备书记', en: 'No secretary' },
  'rule.org.generalTooSmall': {
    zh: '党总支党员{n}人，不足{min}人，因工作需要设立党总支的须经上级党组织批准',
    en: 'The general branch has {n} members, fewer than {min}; setting one up for work needs needs the approval of the Party organisation above',
  },
  'rule.org.generalTooLarge': {
    zh: '党总支党员{n}人，超过{max}人，可考虑设立基层党委',
    en: 'The general branch has {n} members, more than {max}; consider setting up a primary-level Party committee',
  },
  'rule.org.committeeTooSmall': {
    zh: '党委党员{n}人，不足{min}人，设立基层党委需经上级党组织批准',
    en: 'The committee has {n} members, fewer than {min}; setting up a primary-level committee needs the approval of the Party organisation above',
  },
  'rule.org.termMissing': {
    zh: '未登记任期信息（本届任期开始日期和任期年限）',
    en: 'No term on record (the start of the current term and its length in years)',
  },
  'rule.org.termOutOfRange': {
    zh: '任期{years}年，不符合党章规定的每届{min}至{max}年',
    en: 'A term of {years} years is outside the {min} to {max} years the Party Constitution sets',
  },
  'rule.org.termNotStandard': {
    zh: '任期{years}年，与规定的一般任期{expected}年不一致',
    en: 'A term of {years} years differs from the usual term of {expected} years',
  },
  'rule.org.termDueSoon': {
    zh: '距换届不足{months}个月（应于{due}换届）',
    en: 'Less than {months} months to the re-election (due on {due})',
  },
  'rule.org.termOverdueBeyond': {
    zh: '已超过换届期限（应于{due}换届）且逾期超过{shift}年，超出推迟换届的最长期限，应立即换届',
    en: 'The re-election is overdue (due on {due}) by more than {shift} year(s), beyond the longest postponement allowed: hold it at once',
  },
  'rule.org.termOverdue': {
    zh: '已超过换届期限（应于{due}换届），推迟换届须经上级批准，最长不超过{shift}年',
    en: 'The re-election is overdue (due on {due}); a postponement needs the approval of the level above and lasts at most {shift} year(s)',
  },
  'label.org.temporary': { zh: '临时党组织', en: 'temporary organisation' },
  'label.org.village': { zh: '村级党组织', en: 'village-level organisation' },
  'label.org.community': { zh: '社区级党组织', en: 'community-level organisation' },
  'label.rules.expected.number': { zh: '一个数', en: 'a number' },
  'label.rules.expected.nonNegative': { zh: '不小于 0 的数', en: 'a number not below 0' },
  'label.rules.expected.integer': { zh: '整数', en: 'a whole number' },
  'label.rules.expected.boolean': { zh: '是或否', en: 'true or false' },
  'label.rules.expected.text': { zh: '文字', en: 'text' },
  'label.rules.expected.list': { zh: '不为空的列表', en: 'a list that is not empty' },
  'label.rules.expected.object': { zh: '与默认值相同的各项', en: 'the same items as the default' },
  'label.rules.expected.absent': { zh: '默认值中没有此项', en: 'no such item in the default' },
  'label.rules.expected.present': { zh: '缺少此项', en: 'this item is missing' },
  'label.rules.expected.unknown': { zh: '与默认值相同的形式', en: 'the default’s form' },
  'label.secretaryOf': { zh: '{name}（书记）', en: '{name} (secretary)' },
  // --- A member record that does not hold together (member-rules.ts, id-number.ts, person-name.ts)
  'err.member.invalid': { zh: '{problems}', en: '{problems}' },
  'err.member.dateInvalid': { zh: '{label}不是有效日期', en: 'The {label} is not a valid date' },
  'err.member.dateFuture': { zh: '{label}晚于今天', en: 'The {label} is later than today' },
  'err.member.genderMismatch': { zh: '性别与身份证号不一致', en: 'The gender does not match the ID number' },
  'err.member.birthMismatch': { zh: '出生日期与身份证号不一致', en: 'The date of birth does not match the ID number' },
  'err.member.joinDateRequired': {
    zh: '预备党员和正式党员须填写入党日期',
    en: 'Probationary and full members need a date of joining',
  },
  'err.member.noJoinDate': { zh: '{status}不应有入党日期', en: 'A {status} should have no date of joining' },
  'err.member.noFullDate': { zh: '{status}不应有转正日期', en: 'A {status} should have no date of full membership' },
  'err.member.underAge': { zh: '入党时未满{age}周岁', en: 'Was under {age} when admitted' },
  'err.member.fullBeforeJoin': {
    zh: '转正日期早于入党日期',
    en: 'The date of full membership is before the date of joining',
  },
  'err.member.fullBeforeProbation': {
    zh: '转正日期早于预备期满（入党日期后{years}年）',
    en: 'The date of full membership is before the probation ends ({years} year(s) after joining)',
  },
  'err.member.appliedAfterJoin': {
    zh: '申请入党日期晚于入党日期',
    en: 'The date of application is after the date of joining',
  },
  'err.id.empty': { zh: '身份证号为空', en: 'The ID number is empty' },
  'err.id.length': { zh: '应为18位（当前{length}位）', en: 'should have 18 characters (it has {length})' },
  'err.id.format': {
    zh: '格式错误：前17位应为数字，最后一位为数字或X',
    en: 'wrong format: the first 17 characters are digits, the last a digit or X',
  },
  'err.id.region': { zh: '地区码无效', en: 'the region code is not valid' },
  'err.id.birthDate': { zh: '出生日期无效', en: 'the date of birth in it is not valid' },
  'err.id.birthFuture': { zh: '出生日期无效（晚于今天）', en: 'the date of birth in it is later than today' },
  'err.id.birthTooEarly': { zh: '出生日期无效（早于1900年）', en: 'the date of birth in it is before 1900' },
  'err.id.checkDigit': {
    zh: '校验位错误：号码中有录错的数字，请对照身份证逐位核对后重新填写',
    en: 'wrong check digit: a digit was mistyped; compare the number with the ID card digit by digit',
  },
  'err.name.empty': { zh: '请填写姓名', en: 'Please fill in the name' },
  'err.name.tooLong': {
    zh: '姓名不能超过{max}个字（现有{length}个）',
    en: 'A name has at most {max} characters (this one has {length})',
  },
  'err.name.characters': {
    zh: '姓名不能含有{char}：只可填写汉字、字母、间隔号“·”和空格',
    en: 'A name cannot contain {char}: only Chinese characters, letters, the separator “·” and spaces',
  },
  'err.name.noLetter': { zh: '姓名须含有汉字或字母', en: 'A name needs a Chinese character or a letter' },
  'err.name.separator': {
    zh: '间隔号“·”只能用在姓名的两部分之间',
    en: 'The separator “·” goes only between two parts of a name',
  },
  // --- Files and texts over a limit, archives that cannot be read (limits.ts, zip-guard.ts)
  'err.deploy.textTooLong': {
    zh: '正文过长：上限为 {limit}（{source}约 {size}）',
    en: 'The text is too long: the limit is {limit} ({source} has about {size})',
  },
  'err.deploy.outlineTooLong': {
    zh: '提纲共 {count} 条，超过上限 {limit} 条，{advice}',
    en: 'The outline has {count} items, over the limit of {limit}; {advice}',
  },
  'err.deploy.adviceSplit': { zh: '请拆分讲话稿后分次导入', en: 'split the speech and import it in parts' },
  'err.deploy.textOfFile': { zh: '“{file}”的正文', en: 'the text of “{file}”' },
  'err.deploy.thisText': { zh: '本文', en: 'this text' },
  'err.deploy.textOverLimit': {
    zh: DEPLOYMENT_TEXT_TOO_LONG,
    en: `The text is too long: the limit is ${MAX_DEPLOYMENT_TEXT_CHARS.toLocaleString('en-US')} characters`,
  },
  'err.deploy.outlineUnstorable': { zh: '提纲无法保存：{reason}', en: 'The outline cannot be saved: {reason}' },
  'err.deploy.itemTooLong': {
    zh: '提纲第 {n} 条{heading}的{field}有 {length} 字，超过 {max} 字的上限：请在原文中为这一条加上小标题或分段后再导入',
    en: 'Item {n}{heading} of the outline: its {field} has {length} characters, over the limit of {max}; give it sub-headings or paragraphs in the source and import again',
  },
  'err.deploy.itemUnstorable': {
    zh: '提纲第 {n} 条{heading}的{field}无法保存：{reason}',
    en: 'Item {n}{heading} of the outline: its {field} cannot be saved: {reason}',
  },
  'err.zip.invalid': {
    zh: '{what}已损坏或不是有效的压缩文件，无法读取',
    en: '{what} is damaged or not a valid zip archive and cannot be read',
  },
  'err.zip.tooManyEntries': {
    zh: '{what}包含 {count} 个文件，超过 {limit} 个的上限',
    en: '{what} holds {count} files, over the limit of {limit}',
  },
  'err.zip.entryTooLarge': {
    zh: '{what}中的单个部件解压后超过 {limit} 的上限',
    en: 'A part of {what} expands beyond the limit of {limit}',
  },
  'err.zip.totalTooLarge': {
    zh: '{what}解压后的总大小超过 {limit} 的上限',
    en: '{what} expands beyond the limit of {limit} in all',
  },
  'err.zip.docx': { zh: 'Word 文件“{file}”', en: 'the Word file “{file}”' },
  'err.zip.docxInvalid': {
    zh: '无法读取“{file}”：不是有效的 Word（.docx）文件，或文件已损坏',
    en: 'Cannot read “{file}”: it is not a valid Word (.docx) file, or it is damaged',
  },
  'err.zip.roster': { zh: '花名册文件', en: 'the roster file' },
  'err.zip.problemList': { zh: '整改清单文件', en: 'the problem list file' },
  'err.zip.rosterInvalid': {
    zh: '文件不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他格式）',
    en: 'The file is not a valid .xlsx file (it may be damaged, or another format renamed)',
  },
  'err.metrics.token': {
    zh: '需要指标令牌（Authorization: Bearer LUOSHI_METRICS_TOKEN）',
    en: 'The metrics token is required (Authorization: Bearer LUOSHI_METRICS_TOKEN)',
  },
  'err.roster.changedMeanwhile': {
    zh: '第{row}行的人员（{name}）在导入期间已被修改，未导入任何数据，请重新导入',
    en: 'The person in row {row} ({name}) was changed during the import; nothing was imported, please import again',
  },
  'err.roster.idTakenMeanwhile': {
    zh: '身份证号在导入期间已被登记，未导入任何数据，请重新导入',
    en: 'An ID number was registered during the import; nothing was imported, please import again',
  },
  'err.roster.idTakenMeanwhileAt': {
    zh: '第{row}行的身份证号在导入期间已被登记，未导入任何数据，请重新导入',
    en: 'The ID number in row {row} was registered during the import; nothing was imported, please import again',
  },
  'err.roster.notMultipart': {
    zh: '请以 multipart/form-data 上传 .xlsx 文件（字段 file）',
    en: 'Upload the .xlsx file as multipart/form-data (field file)',
  },
  'err.roster.noErrorsToMark': {
    zh: '文件校验没有发现错误，无需标注；可以直接导入',
    en: 'The check found no error in the file, so there is nothing to mark; it can be imported',
  },
  'err.roster.badChoices': {
    zh: '导入选项“{field}”格式不正确（应为 JSON：工作表名称的列表，或“列名 → 字段”的对应）',
    en: 'The import choice “{field}” is malformed (JSON: a list of sheet names, or a mapping of header → field)',
  },
  'err.import.uploadExpired': {
    zh: '上传的文件已过期或不存在（保留 {minutes} 分钟），请重新选择文件',
    en: 'The uploaded file has expired or does not exist (kept for {minutes} minutes); please choose the file again',
  },
  'err.roster.pickFile': { zh: '请选择要导入的 .xlsx 文件', en: 'Please choose the .xlsx file to import' },
  'err.roster.hasErrors': {
    zh: '导入文件有 {n} 处错误，未导入任何数据',
    en: 'The file has {n} errors; nothing was imported',
  },
  'err.roster.badPersonId': {
    zh: '“{text}”不是有效的人员编号（导出的名册自带此列，请勿修改；新增人员不填）',
    en: '“{text}” is not a valid person number (exported rosters carry this column: do not change it; leave it empty for new people)',
  },
  'err.roster.tooLong': { zh: '不能超过{max}个字', en: 'At most {max} characters' },
  'err.roster.statusMissing': { zh: '请填写人员类别', en: 'Fill in the member category' },
  'err.roster.orgAmbiguous': {
    zh: '在“{target}”下有 {n} 个名为“{name}”的组织，请改填组织编码（{codes}）',
    en: 'There are {n} organisations named “{name}” under “{target}”; write the organisation code instead ({codes})',
  },
  'err.roster.orgNotFound': {
    zh: '在“{target}”下找不到“{name}”',
    en: '“{name}” was not found under “{target}”',
  },
  'err.roster.maskedId': {
    zh: '身份证号已脱敏（含 *），不能据此登记新人员，请填写完整的身份证号',
    en: 'The ID number is masked (contains *) and cannot register a new person; write the full ID number',
  },
  'err.roster.maskedIdDiffers': {
    zh: '身份证号已脱敏（含 *），且与已登记的不一致；如需修改，请由组织管理员填写完整的身份证号',
    en: 'The ID number is masked (contains *) and differs from the registered one; to change it, an organisation administrator must write the full number',
  },
  'err.roster.maskedPhone': {
    zh: '联系电话已脱敏（含 *），请填写完整的号码或留空',
    en: 'The phone number is masked (contains *); write the full number or leave it empty',
  },
  'err.roster.maskedPhoneDiffers': {
    zh: '联系电话已脱敏（含 *），且与已登记的不一致；如需修改，请填写完整的号码',
    en: 'The phone number is masked (contains *) and differs from the registered one; to change it, write the full number',
  },
  'err.roster.monthOnly': {
    zh: '“{text}”只有年月，请填写到日，如 2020-07-01',
    en: '“{text}” has only a year and month; write the day too, e.g. 2020-07-01',
  },
  'err.roster.monthOnlyDiffers': {
    zh: '“{text}”只有年月，且与已登记的出生日期不一致；如需修改，请填写到日，如 2020-07-01',
    en: '“{text}” has only a year and month and differs from the registered birth date; to change it, write the day too, e.g. 2020-07-01',
  },
  'err.roster.personIdUnknown': {
    zh: '人员编号 {id} 不存在或不在您的管理范围内',
    en: 'Person number {id} does not exist or is outside your scope',
  },
  'err.roster.idRegisteredTo': {
    zh: '已登记在“{org}”的{name}名下',
    en: 'Already registered to {name} of “{org}”',
  },
  'err.roster.samePerson': { zh: '与第{row}行是同一人', en: 'The same person as row {row}' },
  'err.roster.duplicateId': { zh: '与第{row}行重复', en: 'Repeats row {row}' },
  'err.roster.idRequired': {
    zh: '预备党员和正式党员须填写身份证号',
    en: 'Probationary and full members must have an ID number',
  },
  'err.roster.moreErrors': {
    zh: '另有 {n} 处错误未列出，请先改正以上错误',
    en: '{n} more errors are not listed; correct the ones above first',
  },
  'err.roster.orgDissolved': {
    zh: '“{org}”已撤销，不能导入人员',
    en: '“{org}” has been dissolved; no one can be imported into it',
  },

  // --- The spreadsheet importer (src/domain/import, server/import): files, sheets, columns, cells, skipped rows
  'err.imp.file.encrypted': {
    zh: '文件已设置打开密码（加密），无法读取；请在 Excel 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存再导入',
    en: 'The file is protected with a password (encrypted) and cannot be read; remove the password in Excel, save and import again',
  },
  'err.imp.file.xlsNoConverter': {
    zh: '文件是旧版 Excel（.xls）格式，本服务器未安装 LibreOffice，无法读取；请在 Excel 中“另存为” .xlsx 后再导入',
    en: 'The file is an old Excel (.xls) workbook and this server has no LibreOffice to read it; save it as .xlsx in Excel and import again',
  },
  'err.imp.file.xlsUnreadable': {
    zh: '文件是旧版 Excel（.xls）格式，但无法读取（可能已损坏）；请在 Excel 中打开并“另存为” .xlsx 后再导入',
    en: 'The file is an old Excel (.xls) workbook but cannot be read (it may be damaged); open it in Excel, save it as .xlsx and import again',
  },
  'err.imp.file.notSpreadsheet': {
    zh: '文件不是 Excel 表格（.xlsx 或 .xls），可能是改了扩展名的其他格式',
    en: 'The file is not an Excel workbook (.xlsx or .xls); it may be another format renamed',
  },
  'err.imp.file.noTable': {
    zh: '没有找到{list}的表头：前 30 行中没有一行写有“姓名”等列名；请检查是否选错了文件或工作表',
    en: 'No header of the {list} was found: none of the first 30 rows names columns such as 姓名; check the file and the sheet',
  },
  'err.imp.file.noRows': { zh: '文件中没有数据行', en: 'The file has no data rows' },
  'err.imp.sheet.unknown': {
    zh: '没有名为“{sheet}”的工作表；文件中的工作表：{sheets}',
    en: 'There is no sheet named “{sheet}”; the file has: {sheets}',
  },
  'notice.imp.sheet.noTable': {
    zh: '工作表“{sheet}”有内容，但没有找到表头，未导入',
    en: 'The sheet “{sheet}” has content but no header was found in it; it was not imported',
  },
  'notice.imp.sheet.together': {
    zh: '工作表 {sheets} 的表头相同，已一并导入',
    en: 'The sheets {sheets} have the same header and are imported together',
  },
  'notice.imp.sheet.otherShape': {
    zh: '工作表“{sheet}”的表头与“{first}”不同，未一并导入；如需导入，请单独选择该工作表',
    en: 'The sheet “{sheet}” has another header than “{first}” and was not imported with it; choose it on its own to import it',
  },
  'notice.imp.col.ignored': {
    zh: '第{column}列“{header}”不是{list}的列，已忽略',
    en: 'Column {column} “{header}” is not a column of the {list}; it was ignored',
  },
  'err.imp.col.duplicate': {
    zh: '“{field}”对应了多列（{headers}），请只保留一列',
    en: '“{field}” is mapped from several columns ({headers}); keep one',
  },
  'err.imp.col.missing': {
    zh: '缺少必填列“{header}”；如果表中有这一列但名称不同，请在列对应中指定',
    en: 'The required column “{header}” is missing; if the table has it under another name, map it',
  },
  'notice.imp.col.duplicateIgnored': {
    zh: '第{column}列“{header}”与第{first}列是同一项，已忽略（以第{first}列为准）',
    en: 'Column {column} “{header}” repeats column {first}; it was ignored (column {first} is read)',
  },
  'notice.imp.col.headless': {
    zh: '第{column}列有数据但没有列名，无法确定含义，已忽略',
    en: 'Column {column} has data but no header, so its meaning is unknown; it was ignored',
  },
  'err.imp.map.unknownField': {
    zh: '列对应中“{header}”对应的“{field}”不是{list}的字段；可用：{fields}',
    en: 'The mapping gives “{header}” the field “{field}”, which the {list} does not have; fields: {fields}',
  },
  'err.imp.map.unknownHeader': {
    zh: '列对应中的“{header}”不是表中的列名',
    en: 'The mapping names “{header}”, which is not a column of the table',
  },
  'err.imp.date.invalid': {
    zh: '“{text}”不是有效日期，请填写如 2020-07-01 的日期',
    en: '“{text}” is not a valid date; write a date such as 2020-07-01',
  },
  'err.imp.date.monthOnly': {
    zh: '“{text}”只有年月，此项需填写到日，如 2020-07-01',
    en: '“{text}” has only a year and month; this field needs the day too, such as 2020-07-01',
  },
  'err.imp.date.monthAmbiguous': {
    zh: '“{text}”被 Excel 存成了数字，无法区分是{year}年1月还是10月；请写成 {year}-01 或 {year}-10',
    en: '“{text}” was stored by Excel as a number and cannot tell January from October of {year}; write {year}-01 or {year}-10',
  },
  'err.imp.date.birthMonthDiffers': {
    zh: '出生年月 {month} 与身份证号中的出生日期 {date} 不一致',
    en: 'The birth month {month} does not agree with the birth date {date} in the ID number',
  },
  'err.imp.date.birthMonthOnly': {
    zh: '“{text}”只有年月，又没有身份证号可推出具体日期；请填写到日，如 1980-03-01',
    en: '“{text}” has only a year and month and there is no ID number to give the day; write the full date, such as 1980-03-01',
  },
  'err.imp.id.storedAsNumber': {
    zh: '身份证号被 Excel 存成了数字，末几位已经丢失；请把该列设置为“文本”格式后重新录入身份证号',
    en: 'Excel stored the ID number as a number and its last digits are lost; format the column as text and type the numbers again',
  },
  'err.imp.id.invalid': { zh: '“{text}”不是身份证号', en: '“{text}” is not an ID number' },
  'err.imp.choice.unknown': {
    zh: '“{text}”不是可选的值，可填：{choices}',
    en: '“{text}” is not one of the choices: {choices}',
  },
  'err.imp.formulaWithoutValue': {
    zh: '该单元格是公式“={formula}”，文件中没有它的计算结果（文件可能由程序生成、未在 Excel 中保存过）；请在 Excel 中打开、保存后再导入',
    en: 'The cell is the formula “={formula}” and the file holds no computed value for it (made by a program, never saved in Excel); open and save it in Excel, then import again',
  },
  'err.imp.name.missing': {
    zh: '这一行有身份证号等信息但没有姓名，请填写姓名',
    en: 'This row has an ID number or other details but no name; fill in the name',
  },
  'label.imp.skip.note': { zh: '说明或备注行', en: 'a note or remark' },
  'label.imp.skip.mergedText': {
    zh: '跨列合并的文字行（如分组标题）',
    en: 'text merged across the row (such as a group title)',
  },
  'label.imp.skip.placeholder': { zh: '模板中未替换的占位符', en: 'a template placeholder left unfilled' },
  'label.imp.skip.repeatedHeader': { zh: '重复的表头行', en: 'the header repeated' },
  'label.imp.skip.notARecord': { zh: '不是人员记录（没有有效姓名）', en: 'not a record (no real name)' },
  'label.imp.skip.signature': { zh: '表格末尾的签字、盖章或日期', en: 'the signature, seal or date below the table' },

  // --- Deployments and files
  'err.deploy.notFound': {
    zh: '部署不存在或不在您的管理范围内（ID {id}）',
    en: 'Deployment not found or outside your scope (ID {id})',
  },
  'err.deploy.duplicateKey': { zh: '提纲节点编号重复：{key}', en: 'Duplicate outline item key: {key}' },
  'err.deploy.noParent': { zh: '节点“{item}”的上级节点不存在', en: 'The parent of the item “{item}” does not exist' },
  'err.deploy.cycle': { zh: '节点“{item}”的层级形成了循环', en: 'The levels of the item “{item}” form a loop' },
  'err.deploy.emptyItem': { zh: '节点 {key} 没有内容', en: 'The item {key} has no content' },
  'err.deploy.target.targetNotAllowed': {
    zh: '任务“{task}”没有量化方式却填写了目标值',
    en: 'The task “{task}” has a target value but no way of counting it',
  },
  'err.deploy.target.targetMissing': { zh: '任务“{task}”缺少目标值', en: 'The task “{task}” has no target value' },
  'err.deploy.target.thresholdMissing': {
    zh: '任务“{task}”按达标比例统计，须填写达标线',
    en: 'The task “{task}” counts the share reaching a threshold and needs the threshold',
  },
  'err.deploy.confirmedNoDelete': {
    zh: '该部署已确认，是所生成任务和问题的来源，不能删除；只有草稿可以删除',
    en: 'This deployment is confirmed and is the source of its tasks and problems: it cannot be deleted; only drafts can',
  },
  'err.deploy.emptyText': {
    zh: '正文为空（去除广告、页码等后没有内容）',
    en: 'The text is empty (nothing is left once adverts, page numbers and the like are removed)',
  },
  'err.deploy.notDocx': { zh: '“{file}”不是有效的 .docx 文件', en: '“{file}” is not a valid .docx file' },
  'err.deploy.unreadableDocx': {
    zh: '无法读取“{file}”：不是有效的 Word（.docx）文件',
    en: 'Cannot read “{file}”: it is not a valid Word (.docx) file',
  },
  'err.deploy.oldDoc': {
    zh: '不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后上传，或直接粘贴正文',
    en: 'Old Word (.doc) files are not supported: save it as .docx in Word and upload that, or paste the text',
  },
  'err.deploy.confirmedNoEdit': {
    zh: '部署已确认，提纲不能再修改；请在任务清单中调整任务',
    en: 'The deployment is confirmed and its outline can no longer change; adjust the tasks in the task list',
  },
  'err.deploy.alreadyConfirmed': { zh: '该部署已经确认过', en: 'This deployment has already been confirmed' },
  'err.deploy.nothingToConfirm': {
    zh: '提纲中没有任务或问题：请把需要落实的条目标为“任务”或“问题”后再确认',
    en: 'The outline has no task or problem: mark the items to carry out as “task” or “problem”, then confirm',
  },
  'err.file.empty': { zh: '上传的文件是空的', en: 'The uploaded file is empty' },
  'err.file.pickOne': { zh: '请选择要上传的文件', en: 'Please choose the file to upload' },
  'err.file.tooLarge': {
    zh: '文件“{file}”有 {size}，超过 {max} 的上限',
    en: 'The file “{file}” is {size}, over the limit of {max}',
  },

  // --- Tasks, assignments, the ledger, problems, notifications, the audit log
  'err.task.notFound': {
    zh: '任务不存在或不在您的管理范围内（ID {id}）',
    en: 'Task not found or outside your scope (ID {id})',
  },
  'err.problem.issuerOnly': {
    zh: '只有交办方（{org}）可以执行此操作',
    en: 'Only the issuing side ({org}) may do this',
  },
  'err.problem.responsibleOnly': {
    zh: '只有责任单位（{org}）的账号可以执行此操作',
    en: 'Only accounts of the responsible organisation ({org}) may do this',
  },
  'err.problem.filesNotAllowed': {
    zh: '“{event}”不能附带佐证材料，只有报告进展和申请销号可以',
    en: '“{event}” takes no evidence files; only progress reports and requests for closure do',
  },
  'err.problem.badMeasures': {
    zh: '表单字段 measures 格式不正确（应为 JSON：措施的列表，每条含 text 和 deadline）',
    en: 'The form field measures is malformed (JSON: a list of measures, each with text and deadline)',
  },
  'err.problem.issuerNotAbove': {
    zh: '交办单位“{issuer}”须是“{org}”本级或上级',
    en: 'The issuing organisation “{issuer}” must be “{org}” or above it',
  },
  // The problem list imported from a spreadsheet (整改清单; src/domain/rectify/problem-list.ts)
  'err.problem.import.hasErrors': {
    zh: '整改清单有 {n} 处错误，未导入任何问题',
    en: 'The problem list has {n} errors; no problem was imported',
  },
  'err.problem.import.noTable': {
    zh: '没有找到整改清单的表头：前 30 行中没有一行写有“问题”“责任单位”等列名；请检查是否选错了文件或工作表',
    en: 'No header of the problem list was found: none of the first 30 rows names columns such as 问题 or 责任单位; check the file and the sheet',
  },
  'err.problem.import.titleMissing': {
    zh: '这一行有责任单位等内容但没有填写问题',
    en: 'This row has a responsible organisation or other details but no problem',
  },
  'err.problem.import.orgMissing': { zh: '请填写责任单位', en: 'Fill in the responsible organisation' },
  'err.problem.import.orgNotFound': {
    zh: '在“{target}”及其下级组织中找不到“{name}”，请填写组织全称或组织编码',
    en: '“{name}” was not found in “{target}” or below it; write the organisation’s full name or its code',
  },
  'err.problem.import.orgAmbiguous': {
    zh: '“{name}”在“{target}”下对应 {n} 个组织（{orgs}），请填写全称或组织编码',
    en: '“{name}” matches {n} organisations under “{target}” ({orgs}); write the full name or the code',
  },
  'err.problem.import.orgDissolved': {
    zh: '“{org}”已撤销，不能交办问题',
    en: '“{org}” has been dissolved; no problem can be assigned to it',
  },
  'err.problem.import.sameAsRow': {
    zh: '与第{row}行是同一问题（问题和责任单位相同）',
    en: 'The same problem as row {row} (same problem, same organisation)',
  },
  'err.problem.import.deadline': {
    zh: '“{text}”不是可识别的整改时限，请填写日期（如 2026-12-31）、“2026年12月底前”“年底前”“立行立改”或“长期坚持”',
    en: '“{text}” is not a deadline the list understands; write a date (e.g. 2026-12-31), 2026年12月底前, 年底前, 立行立改 or 长期坚持',
  },
  'err.problem.import.tooLong': { zh: '不能超过{max}个字', en: 'At most {max} characters' },
  'label.problem.import.heading': {
    zh: '分组标题行（如“一、政治建设方面”）',
    en: 'a group title (such as 一、政治建设方面)',
  },
  'label.problem.import.notARecord': {
    zh: '不是问题记录（如“以下空白”“合计”）',
    en: 'not a problem (such as 以下空白 or 合计)',
  },
  'err.supervise.notFound': {
    zh: '督查不存在或不在您的管理范围内（ID {id}）',
    en: 'Supervision not found or outside your scope (ID {id})',
  },
  'err.supervise.randomNeedsSample': {
    zh: '随机抽查须给出抽取规则（范围、组织类型、比例）',
    en: 'A random spot check needs a sampling rule (where, which kinds of organisation, what share)',
  },
  'err.supervise.notBelow': {
    zh: '“{org}”不在“{issuer}”的下级范围内，不能作为督查对象',
    en: '“{org}” is not below “{issuer}” and cannot be a target of its supervision',
  },
  'err.supervise.noCandidates': {
    zh: '在“{org}”下没有符合条件的组织可供抽取',
    en: 'No organisation under “{org}” matches the sampling rule',
  },
  'err.supervise.issuerOnly': {
    zh: '只有督查单位（{org}）可以执行此操作',
    en: 'Only the supervising organisation ({org}) may do this',
  },
  'err.supervise.notTarget': {
    zh: '“{org}”不是本次督查的对象',
    en: '“{org}” is not a target of this supervision',
  },
  'err.supervise.findingNotFound': {
    zh: '督查发现的问题不存在（ID {id}）',
    en: 'Finding not found (ID {id})',
  },
  'err.supervise.findingHasProblem': {
    zh: '这条督查发现已转为问题（问题 ID {problemId}）',
    en: 'This finding has already become a problem (problem ID {problemId})',
  },
  'err.burden.reasonRequired': {
    zh: '这次{what}会使 {count} 个组织超出基层减负上限（如“{org}”：{detail}），请填写理由后再提交',
    en: 'This {what} would take {count} organisation(s) over a burden cap (e.g. “{org}”: {detail}); give a reason to go ahead',
  },
  'err.burden.badPeriod': {
    zh: '起始月份（{from}）不能晚于结束月份（{to}）',
    en: 'The first month ({from}) cannot be after the last ({to})',
  },
  'label.burden.what.assignment': { zh: '下发', en: 'assignment' },
  'label.burden.what.supervision': { zh: '督查', en: 'supervision' },
  'label.burden.overrun.level': {
    zh: '本{per}已有 {before} 项，上限 {max} 项',
    en: '{before} already this {per}, cap {max}',
  },
  'label.burden.overrun.issuer': {
    zh: '本单位今年已督查 {before} 次，每年至多 {max} 次',
    en: 'already supervised {before} time(s) by this issuer this year, at most {max} a year',
  },
  'label.burden.per.month': { zh: '月', en: 'month' },
  'label.burden.per.year': { zh: '年', en: 'year' },
  'err.dues.notMember': {
    zh: '“{name}”不是预备党员或正式党员，不需交纳党费',
    en: '“{name}” is not a probationary or full member and pays no dues',
  },
  'err.dues.incomeRequired': {
    zh: '在职和离退休党员请填写月工资收入（税后），用于计算党费',
    en: 'For members in work or retired, give the monthly pay after tax to compute the dues',
  },
  'err.dues.amountRequired': { zh: '请填写每月党费金额', en: 'Give the monthly amount' },
  'err.dues.negativeIncome': { zh: '月工资收入不能为负数', en: 'The monthly pay cannot be negative' },
  'err.dues.negativeAmount': { zh: '党费金额不能为负数', en: 'The amount cannot be negative' },
  'err.dues.farmerRange': {
    zh: '农民党员每月交纳党费 {min} 元至 {max} 元',
    en: 'Farmers pay {min} to {max} yuan a month',
  },
  'err.dues.reasonRequired': {
    zh: '少交或免交党费须写明理由（经支部研究、报上级党委批准）',
    en: 'A reduced or waived amount needs its reason (studied by the branch, approved by the next level)',
  },
  'err.dues.backPayTooOld': {
    zh: '{month} 已超过补交期限（一般不超过 {max} 个月），如确需补交请填写说明',
    en: '{month} is beyond the back-payment limit (usually {max} months); add a note to record it anyway',
  },
  'err.dues.alreadyPaid': {
    zh: '“{name}”{month} 的党费已登记',
    en: '{month} is already recorded as paid for “{name}”',
  },
  'err.dues.noBase': {
    zh: '“{name}”{month} 尚未核定党费标准，请先核定或填写金额',
    en: 'No dues set for “{name}” in {month}: set them first or give the amount',
  },
  'err.dues.paymentNotFound': { zh: '党费记录不存在（ID {id}）', en: 'Payment not found (ID {id})' },
  'err.dues.alreadyVoided': { zh: '这条党费记录已作废（ID {id}）', en: 'This payment is already voided (ID {id})' },
  'err.dues.arrangementNotAllowed': {
    zh: '现行规定不允许“{kind}”的交纳方式',
    en: 'The rules in force do not allow paying “{kind}”',
  },
  'err.dues.consentRequired': {
    zh: '“{kind}”须经党支部同意，请填写支部同意的日期',
    en: '“{kind}” needs the branch’s consent: give the day it consented',
  },
  'err.dues.proxyNameRequired': { zh: '委托代缴请填写代缴人姓名', en: 'Paying by proxy: give the proxy’s name' },
  'err.dues.consentFuture': {
    zh: '支部同意日期 {date} 不能晚于今天',
    en: 'The branch’s consent ({date}) cannot be later than today',
  },
  'err.dues.paidOnFuture': {
    zh: '交纳日期 {date} 不能晚于今天',
    en: 'The day paid ({date}) cannot be later than today',
  },
  'err.zip.duesLedger': { zh: '党费收缴登记表文件', en: 'the dues ledger file' },
  'err.dues.import.hasErrors': {
    zh: '党费收缴登记表有 {n} 处问题，未导入任何记录；请按提示修改后重新导入',
    en: 'The dues ledger has {n} problem(s); nothing was imported. Correct them and import again',
  },
  'err.dues.import.id': {
    zh: '身份证号“{text}”无法识别，请填写 18 位身份证号或其后四位',
    en: 'The ID number “{text}” cannot be read; write the 18 characters or the last four',
  },
  'err.dues.import.monthMissing': { zh: '缺少月份', en: 'The month is missing' },
  'err.dues.import.monthTooLate': {
    zh: '月份 {month} 晚于一年之后，请核对',
    en: 'The month {month} is more than a year ahead; check it',
  },
  'err.dues.import.amountMissing': { zh: '缺少金额', en: 'The amount is missing' },
  'err.dues.import.amount': {
    zh: '金额“{text}”无法识别，请填写数字，如 12.50',
    en: 'The amount “{text}” cannot be read; write a number, e.g. 12.50',
  },
  'err.dues.import.amountFen': {
    zh: '金额“{text}”精确到分（最多两位小数）',
    en: 'The amount “{text}” has more than two decimals (to the fen)',
  },
  'err.dues.import.notFound': {
    zh: '“{org}”及下级组织中没有名为“{name}”的正式或预备党员',
    en: 'No full or probationary member named “{name}” in “{org}” or below',
  },
  'err.dues.import.idMismatch': {
    zh: '“{name}”的身份证号与党员信息不符',
    en: 'The ID number does not match the member “{name}”',
  },
  'err.dues.import.ambiguous': {
    zh: '有 {n} 名党员叫“{name}”，请填写身份证号（或后四位）加以区分',
    en: '{n} members are called “{name}”: give the ID number (or its last four characters)',
  },
  'err.dues.import.sameAsRow': {
    zh: '与第{row}行是同一党员同一月份（{month}）',
    en: 'The same member and month ({month}) as row {row}',
  },
  'label.dues.arrangement.monthly': { zh: '按月交纳', en: 'monthly' },
  'label.dues.arrangement.quarterly': { zh: '按季度交纳', en: 'quarterly' },
  'label.dues.arrangement.proxy': { zh: '委托代缴', en: 'by proxy' },
  'err.transfer.notFound': {
    zh: '组织关系转接记录不存在或不在您的管理范围内（ID {id}）',
    en: 'Transfer not found or outside your scope (ID {id})',
  },
  'err.transfer.toRequired': { zh: '请填写接收党组织的编码', en: 'Give the receiving organisation’s code' },
  'err.transfer.toNotFound': {
    zh: '没有编码为“{code}”的在册党组织',
    en: 'No active organisation has the code “{code}”',
  },
  'err.transfer.sameOrg': { zh: '党员已在“{org}”，无需转接', en: 'The member already belongs to “{org}”' },
  'err.transfer.notBranch': {
    zh: '“{org}”是党委，党员组织关系应转入其下的党支部',
    en: '“{org}” is a committee: transfer the member to one of its branches',
  },
  'err.transfer.outsideRequired': {
    zh: '请填写平台外党组织的名称',
    en: 'Give the name of the organisation outside the platform',
  },
  'err.transfer.letterRequired': { zh: '请填写介绍信编号', en: 'Give the letter’s number' },
  'err.transfer.pendingExists': {
    zh: '“{name}”已有一项正在办理的组织关系转接',
    en: '“{name}” already has a transfer in progress',
  },
  'err.transfer.stepNotAllowed': {
    zh: '当前状态（{state}）下您不能“{step}”',
    en: 'You cannot “{step}” in this state ({state})',
  },
  'err.transfer.letterOutgoingOnly': {
    zh: '从平台外转入的记录没有本平台开具的介绍信',
    en: 'A transfer in from outside the platform has no letter issued here',
  },
  'err.transfer.notPending': { zh: '这项转接已办结（ID {id}）', en: 'This transfer is no longer pending (ID {id})' },
  'label.transfer.accept': { zh: '接收', en: 'accept' },
  'label.transfer.reject': { zh: '退回', en: 'return' },
  'label.transfer.cancel': { zh: '撤回', en: 'withdraw' },
  'label.transfer.receipt': { zh: '登记回执', en: 'record the receipt' },
  'label.transfer.state.pending': { zh: '办理中', en: 'pending' },
  'label.transfer.state.completed': { zh: '已完成', en: 'completed' },
  'label.transfer.state.rejected': { zh: '已退回', en: 'returned' },
  'label.transfer.state.cancelled': { zh: '已撤回', en: 'withdrawn' },
  'err.floating.notFound': {
    zh: '流动党员记录不存在或不在您的管理范围内（ID {id}）',
    en: 'Floating-member record not found or outside your scope (ID {id})',
  },
  'err.floating.notMember': {
    zh: '“{name}”不是预备党员或正式党员',
    en: '“{name}” is not a probationary or full member',
  },
  'err.floating.future': { zh: '外出日期 {date} 晚于今天', en: 'The day of leaving ({date}) is after today' },
  'err.floating.open': {
    zh: '“{name}”已登记为流动党员，请先登记返回',
    en: '“{name}” is already recorded as away: record the return first',
  },
  'err.floating.closed': {
    zh: '这条流动党员记录已结束，或您不是其所在支部或管理组织',
    en: 'This record has ended, or you are neither the member’s branch nor the managing organisation',
  },
  'err.floating.contactDate': {
    zh: '联系日期 {date} 应在外出日期 {left} 之后、今天之前',
    en: 'The contact day ({date}) must be between leaving ({left}) and today',
  },
  'err.floating.returnDate': {
    zh: '返回日期 {date} 应在外出日期 {left} 之后、今天之前',
    en: 'The day of return ({date}) must be between leaving ({left}) and today',
  },
  'err.instruction.notFound': {
    zh: '批示不存在或不在您的管理范围内（ID {id}）',
    en: 'Instruction not found or outside your scope (ID {id})',
  },
  'err.instruction.targetNotFound': {
    zh: '批示对象（{what} ID {id}）不存在或不在您的管理范围内',
    en: 'What the instruction is on ({what} ID {id}) was not found or is outside your scope',
  },
  'err.instruction.oneTarget': {
    zh: '一条批示只针对一个问题、督查发现或任务',
    en: 'An instruction is on one problem, one finding or one task',
  },
  'err.instruction.notBelow': {
    zh: '“{org}”不在批示单位“{giver}”的下级范围内，不能作为落实单位',
    en: '“{org}” is not under the giving organisation “{giver}” and cannot be asked to follow up',
  },
  'err.instruction.giverOnly': {
    zh: '只有批示单位（{org}）可以执行此操作',
    en: 'Only the giving organisation ({org}) may do this',
  },
  'err.instruction.followerOnly': {
    zh: '只有落实单位（{org}）可以执行此操作',
    en: 'Only the organisation that follows up ({org}) may do this',
  },
  'err.instruction.wrongSide': { zh: '“{event}”只能由{side}操作', en: '“{event}” is for the {side} only' },
  'err.instruction.notAllowed': {
    zh: '批示{state}，不能“{event}”',
    en: 'The instruction is {state}: cannot “{event}”',
  },
  'err.instruction.textRequired': { zh: '“{event}”须填写内容', en: '“{event}” needs a text' },
  'err.instruction.dueBeforeGiven': {
    zh: '回复时限（{due}）不能早于批示日期（{given}）',
    en: 'The reply is due ({due}) before the instruction was given ({given})',
  },
  'err.bulletin.notFound': {
    zh: '通报不存在或不在您的管理范围内（ID {id}）',
    en: 'Notice not found or outside your scope (ID {id})',
  },
  'err.bulletin.issuerOnly': {
    zh: '只有发文单位（{org}）可以执行此操作',
    en: 'Only the issuing organisation ({org}) may do this',
  },
  'err.bulletin.published': { zh: '通报已经发布', en: 'The notice has already been published' },
  'err.bulletin.frozen': {
    zh: '通报已经发布，内容不能再修改',
    en: 'The notice has been published; its wording can no longer be changed',
  },
  'err.problem.notFound': {
    zh: '问题不存在或不在您的管理范围内（ID {id}）',
    en: 'Problem not found or outside your scope (ID {id})',
  },
  'err.assignment.notFound': {
    zh: '任务分解记录不存在或不在您的管理范围内（ID {id}）',
    en: 'Assignment not found or outside your scope (ID {id})',
  },
  'err.assignment.assignerOnly': {
    zh: '只有下达单位“{org}”可以执行此操作',
    en: 'Only the assigning organisation “{org}” can do this',
  },
  'err.assignment.receiverOnly': {
    zh: '只有承办单位“{org}”可以执行此操作',
    en: 'Only the receiving organisation “{org}” can do this',
  },
  'err.assignment.alreadyDecomposed': { zh: '该任务已经分解过', en: 'This assignment has already been broken down' },
  'err.assignment.cannotDecompose': {
    zh: '已报送、已完成或已撤回的任务不能再分解',
    en: 'Work that is reported, done or withdrawn cannot be broken down',
  },
  'err.assign.taskClosed': {
    zh: '任务已办结或已撤销，不能再下发',
    en: 'The task is closed or cancelled and can no longer be assigned',
  },
  'err.assign.noneFound': {
    zh: '按所给条件没有找到可下发的组织',
    en: 'No organisation to assign to matches the conditions given',
  },
  'err.assign.notBelow': {
    zh: '“{org}”不是“{owner}”的下级组织，不能向其下发任务',
    en: '“{org}” is not below “{owner}”; the task cannot be assigned to it',
  },
  'err.assign.countChanged': {
    zh: '确认时为 {expected} 个组织，现在按所选条件为 {actual} 个，请重新预览后再下发',
    en: 'It was {expected} organisations when confirmed and is {actual} now: preview again, then assign',
  },
  'err.batch.notFound': {
    zh: '下发批次不存在或不在您的管理范围内（ID {id}）',
    en: 'Assignment batch not found or outside your scope (ID {id})',
  },
  'err.chase.assignerOnly': {
    zh: '只有下达单位“{org}”可以催办',
    en: 'Only the assigning organisation “{org}” can send reminders',
  },
  'err.chase.notOpen': {
    zh: '只有未开始或办理中的任务可以催办',
    en: 'Reminders are for work not started or in progress only',
  },
  'err.ledger.notMultipart': {
    zh: '请以 multipart/form-data 提交台账',
    en: 'Submit the ledger entry as multipart/form-data',
  },
  'err.ledger.receiverOnly': {
    zh: '只有承办单位“{org}”可以记录台账',
    en: 'Only the receiving organisation “{org}” can record the ledger',
  },
  'err.ledger.futureDate': { zh: '台账日期不能晚于今天', en: 'The date of a ledger entry cannot be after today' },
  'err.ledger.noFigure': {
    zh: '该任务没有量化目标，不需要填写数值',
    en: 'This task has no quantitative target: no figure is needed',
  },
  'err.ledger.measuredFigure': {
    zh: '该任务的数量由平台记录自动统计（如评星定级结果），不能手工填写数值；可只填写工作情况',
    en: "This task's figures are counted from the records (e.g. the star ratings) and cannot be typed; write what was done only",
  },
  'err.ledger.correctsOther': {
    zh: '更正的台账记录不属于本任务',
    en: 'The ledger entry being corrected does not belong to this assignment',
  },
  'err.evidence.notFound': { zh: '佐证材料不存在（ID {id}）', en: 'Evidence file not found (ID {id})' },
  'err.notice.notFound': { zh: '消息不存在（ID {id}）', en: 'Notification not found (ID {id})' },
  'err.audit.broken': {
    zh: '操作日志 id={id} 的记录校验失败：{reason}。链已断裂，不能取锚点。',
    en: 'The audit log record id={id} failed its check: {reason}. The chain is broken; no anchor can be taken.',
  },
  'err.audit.empty': { zh: '操作日志为空，尚无可取的锚点', en: 'The audit log is empty: there is no anchor yet' },
  'err.list.badCursor': {
    zh: '分页游标无效（已被改动，或属于另一个列表或排序），请从第一页重新查询',
    en: 'The page cursor is not valid (altered, or from another list or sort order); start again from the first page',
  },

  // --- Organisational life (life): meetings and their compliance (src/domain/life)
  'rule.life.missing': {
    zh: '{window}应召开{kind}至少 {count} 次，实际 {held} 次',
    en: '{window}: {kind} at least {count} time(s) required, {held} held',
  },
  'rule.life.underAttended': {
    zh: '{date} {kind}到会 {present} 人，不足应到 {expected} 人的 {share}',
    en: '{date} {kind}: {present} present, below {share} of the {expected} expected',
  },
  'rule.life.noMinutes': { zh: '{date} {kind}没有会议记录', en: '{date} {kind}: no minutes recorded' },
  'rule.life.reportLate': {
    zh: '{date} 召开的{kind}，情况报告于 {sentOn} 报送上级，晚于召开后 {days} 日的期限（{deadline}）{over} 天',
    en: '{kind} of {date}: the report reached the higher level on {sentOn}, {over} day(s) after the deadline of {days} days ({deadline})',
  },
  'rule.life.reportMissing': {
    zh: '{date} 召开的{kind}，应于 {deadline} 前（召开后 {days} 日内）向上级报送情况报告，尚未报送',
    en: '{kind} of {date}: the report was due to the higher level by {deadline} ({days} days after), and has not been sent',
  },
  'rule.life.talksMissing': {
    zh: '{year}年{who}应与 {due} 名党员谈心谈话，尚有 {missing} 人未谈',
    en: '{year}: {who} should have talked with {due} members; {missing} not yet',
  },
  'rule.life.late': {
    zh: '{window}的{kind}未按期召开，于 {date} 补开，晚于期限 {days} 天',
    en: '{window}: {kind} not held in time, made up on {date}, {days} day(s) after the window ended',
  },
  'rule.life.voteNoQuorum': {
    zh: '{date} {kind}表决“{motion}”：到会有表决权党员 {present} 人，不足应到会 {should} 人的 {share}，表决无效',
    en: '{date} {kind}, vote on “{motion}”: {present} voting members present, below {share} of the {should} who should attend; the vote is void',
  },
  'rule.life.voteNotPassed': {
    zh: '{date} {kind}表决“{motion}”：赞成 {yes} 票，未超过应到会有表决权党员 {should} 人的 {share}，未通过',
    en: '{date} {kind}, vote on “{motion}”: {yes} yes, not more than {share} of the {should} voting members who should attend; not passed',
  },
  'rule.life.voteNotPassedAtLeast': {
    zh: '{date} {kind}表决“{motion}”：赞成 {yes} 票，未达到应到会有表决权党员 {should} 人的 {share}，未通过',
    en: '{date} {kind}, vote on “{motion}”: {yes} yes, below {share} of the {should} voting members who should attend; not passed',
  },
  'err.lifePlan.month': {
    zh: '年度学习安排第 {index} 项：月份 {month} 不对，应为 1 至 12',
    en: 'Plan item {index}: month {month} is not valid; it should be 1 to 12',
  },
  'err.lifePlan.kind': {
    zh: '年度学习安排第 {index} 项：{org}不需要召开{kind}，不能列入安排',
    en: 'Plan item {index}: {org} does not hold {kind}; it cannot be planned',
  },
  'err.lifePlan.duplicate': {
    zh: '年度学习安排第 {index} 项：{month}月已安排了{kind}，同一类会议每月只安排一次',
    en: 'Plan item {index}: {kind} is already planned in month {month}; a kind is planned once a month',
  },
  'err.lifePlan.empty': {
    zh: '年度学习安排不能为空：请至少保留一项安排',
    en: 'The plan cannot be empty: keep at least one item',
  },
  'err.lifePlan.reportOnly': {
    zh: '编制{org}的年度学习安排须有报送权限',
    en: 'Editing the plan of {org} needs the right to report',
  },
  'err.life.notFound': {
    zh: '会议记录 {id} 不存在或不在您的管理范围内',
    en: 'Meeting {id} was not found or is outside your scope',
  },
  'err.life.futureDate': {
    zh: '会议日期 {date} 晚于今天：只能登记已召开的会议',
    en: 'The meeting date {date} is after today: only meetings already held can be recorded',
  },
  'err.life.endBeforeStart': {
    zh: '结束时间 {end} 早于开始时间 {start}',
    en: 'The end time {end} is before the start time {start}',
  },
  'err.life.notOnRoster': {
    zh: '人员 {id} 不在{org}的党员名册中',
    en: 'Person {id} is not on the roster of {org}',
  },
  'err.life.twice': {
    zh: '人员 {id} 在出席和缺席名单中重复出现',
    en: 'Person {id} appears more than once in the attendance',
  },
  'err.life.taskNotAssigned': {
    zh: '任务 {id} 没有交给{org}办理，会议不能关联它',
    en: 'Task {id} is not assigned to {org}; the meeting cannot be linked to it',
  },
  'err.life.voteCounts': {
    zh: '表决“{motion}”：赞成、反对、弃权合计 {sum} 票，到会 {present} 人，应到会 {should} 人，票数不能多于到会人数，到会人数不能多于应到会人数',
    en: 'Vote on “{motion}”: {sum} votes cast, {present} present, {should} who should attend; votes cannot exceed those present, nor those present those who should attend',
  },
  'err.life.import.time': {
    zh: '时间“{text}”无法识别，请写成“时:分”，如 9:30',
    en: 'The time “{text}” cannot be read; write it as hours:minutes, e.g. 9:30',
  },
  'err.life.import.dateMissing': { zh: '缺少会议日期', en: 'The date is missing' },
  'err.life.import.kindMissing': { zh: '缺少会议类型', en: 'The kind of meeting is missing' },
  'err.life.import.kind': {
    zh: '会议类型“{text}”无法识别，应为支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员或民主生活会',
    en: 'The kind “{text}” is not known; it should be a general meeting, committee meeting, group meeting, lecture, theme day, life meeting, appraisal or leadership life meeting',
  },
  'err.life.import.topicMissing': { zh: '缺少议题', en: 'The topic is missing' },
  'err.life.import.tooLong': { zh: '内容过长：不能超过 {max} 个字', en: 'Too long: at most {max} characters' },
  'err.life.import.hasErrors': {
    zh: '会议台账有 {n} 处问题，未导入任何会议；请按提示修改后重新导入',
    en: 'The meeting ledger has {n} problem(s); nothing was imported. Correct them and import again',
  },
  'err.zip.meetingLedger': { zh: '会议台账文件', en: 'the meeting ledger file' },
  'err.life.import.headCount': {
    zh: '人数“{text}”无法识别，请填写整数，如 12',
    en: 'The head count “{text}” cannot be read; write a whole number, e.g. 12',
  },
  'err.life.import.presentOverExpected': {
    zh: '实到人数 {present} 多于应到人数 {expected}',
    en: '{present} present is more than the {expected} who should attend',
  },
  'err.life.import.sameAsRow': {
    zh: '与第{row}行是同一会议（组织、日期、会议类型和议题相同）',
    en: 'The same meeting as row {row} (same organisation, day, kind and topic)',
  },
  'err.life.import.orgNotFound': {
    zh: '在“{target}”及其下级组织中找不到“{name}”，请填写组织全称或组织编码',
    en: '“{name}” was not found in “{target}” or below it; write the organisation’s full name or its code',
  },
  'err.life.import.orgAmbiguous': {
    zh: '“{name}”在“{target}”下对应 {n} 个组织（{orgs}），请填写全称或组织编码',
    en: '“{name}” matches {n} organisations under “{target}” ({orgs}); write the full name or the code',
  },
  'err.life.import.orgDissolved': {
    zh: '“{org}”已撤销，不能导入其会议',
    en: '“{org}” has been dissolved; its meetings cannot be imported',
  },
  'err.life.makeUp.notEnded': {
    zh: '补开：{window}至 {end} 才结束，{date} 召开的{kind}不能作为它的补开（只能补开此前已结束的期限）',
    en: 'Make-up: {window} ends on {end}; a {kind} held on {date} cannot make it up (only windows already ended can be made up)',
  },
  'err.life.makeUp.notEmpty': {
    zh: '补开：{window}已于 {date} 召开{kind}，无需补开',
    en: 'Make-up: a {kind} was held in {window} on {date}; there is nothing to make up',
  },
  'err.life.makeUp.alreadyMadeUp': {
    zh: '补开：{window}的{kind}已于 {date} 补开过',
    en: 'Make-up: the {kind} of {window} was already made up on {date}',
  },
  'err.life.makeUp.beforeOrg': {
    zh: '补开：{window}在本组织成立（{activeFrom}）之前，无需补开{kind}',
    en: 'Make-up: {window} is before the organisation was set up ({activeFrom}); no {kind} is owed',
  },
  'err.life.report.kind': {
    zh: '只有民主生活会需要向上级报送情况报告，{kind}不需要',
    en: 'Only a leadership life meeting has a report to the higher level; a {kind} has none',
  },
  'err.life.report.beforeMeeting': {
    zh: '报送日期 {date} 早于会议召开日期 {heldOn}',
    en: 'The report date {date} is before the meeting ({heldOn})',
  },
  'err.life.report.future': {
    zh: '报送日期 {date} 晚于今天：只能登记已报送的情况报告',
    en: 'The report date {date} is after today: only reports already sent can be recorded',
  },
  'err.talk.future': {
    zh: '谈话日期 {date} 晚于今天：只能登记已进行的谈心谈话',
    en: 'The talk date {date} is after today: only talks already held can be recorded',
  },
  'err.talk.self': { zh: '谈话双方不能是同一人', en: 'A talk needs two different people' },
  'err.talk.notOnRoster': {
    zh: '{name}不在{org}的党员名册中',
    en: '{name} is not on the roster of {org}',
  },
  'err.talk.notCommittee': {
    zh: '{name}在 {date} 未在{org}担任支部委员，不能作为谈话的委员一方',
    en: '{name} held no committee position in {org} on {date}; the talk needs a committee member',
  },
  'err.talk.notFound': {
    zh: '谈心谈话记录 {id} 不存在或不在您的管理范围内',
    en: 'Talk {id} was not found or is outside your scope',
  },
  // --- 四议两公开 (village decisions, issue 13; src/domain/village, server/features/village)
  'err.assess.unknownIndicator': { zh: '考核指标“{id}”不存在或不是末级指标', en: 'No leaf indicator “{id}”' },
  'err.assess.filesClosed': {
    zh: '考核处于“{state}”阶段，您不能为此项上传佐证材料（自评由本单位、评分由该项的评分单位上传）',
    en: 'The round is at “{state}”: you cannot add evidence here (the organisation during 自评, the scorer during 评分)',
  },
  'err.assess.noFiles': { zh: '请选择要上传的佐证材料', en: 'Please choose the files to upload' },
  // --- 村党组织书记备案 (issue 13, area cadre)
  'err.cadre.notVillage': {
    zh: '“{org}”不是村级党组织，无需报送村党组织书记备案',
    en: '“{org}” is not a village organisation: no village secretary filing is needed',
  },
  'err.cadre.notSecretary': {
    zh: '所报人员不是“{org}”的现任书记，请先在班子成员中登记其书记职务',
    en: 'The person filed is not the current secretary of “{org}”: record the position first',
  },
  'err.cadre.appointedFuture': { zh: '任职日期不能晚于今天', en: 'The day of appointment cannot be after today' },
  'err.cadre.checksMissing': {
    zh: '资格联审未完成：{checks}',
    en: 'The qualification checks are not complete: {checks}',
  },
  'err.cadre.termEnd': { zh: '任期届满日期须晚于任职日期', en: 'The term must end after the day of appointment' },
  'err.cadre.filingPending': {
    zh: '“{org}”的书记备案已报送、待审核，不能重复报送',
    en: 'The secretary filing of “{org}” is awaiting a decision: it cannot be filed again',
  },
  'err.cadre.filingNotFound': { zh: '未找到编号为 {id} 的书记备案', en: 'No secretary filing with id {id}' },
  'err.cadre.deciderAbove': {
    zh: '书记备案由上级组织（县级党委组织部）审核，“{org}”不能审核本村的备案',
    en: 'A secretary filing is decided by an organisation above; “{org}” cannot decide its own',
  },
  'err.cadre.decided': {
    zh: '“{org}”的这份书记备案已审核或已有更新的报送',
    en: 'This secretary filing of “{org}” is already decided or superseded by a newer one',
  },
  'err.cadre.reasonRequired': { zh: '退回须说明理由', en: 'A return needs a reason' },
  // --- 干部名册、年轻干部信息库 (issue 13, area cadre)
  'err.cadre.personNotFound': { zh: '未找到编号为 {id} 的人员', en: 'No person with id {id}' },
  'err.cadre.rank': { zh: '职级须为以下之一：{ranks}', en: 'The rank must be one of: {ranks}' },
  'err.cadre.future': { zh: '日期不能晚于今天', en: 'The date cannot be after today' },
  'err.cadre.category': {
    zh: '入库类别须为本地规定的类别之一：{categories}',
    en: 'The category must be one the locality defines: {categories}',
  },
  'err.cadre.inPool': { zh: '{name} 已在年轻干部信息库中', en: '{name} is already in the young-cadre pool' },
  'err.cadre.notInPool': { zh: '{name} 不在年轻干部信息库中', en: '{name} is not in the young-cadre pool' },
  'err.cadre.recordDates': { zh: '结束日期不能早于开始日期', en: 'The end cannot be before the start' },
  'err.cadre.exitDate': {
    zh: '出库日期须在入库日期（{from}）之后且不晚于今天',
    en: 'The exit date must be on or after the nomination ({from}) and not after today',
  },
  'err.village.future': {
    zh: '日期 {on} 晚于今天 {today}：只能登记已进行的步骤',
    en: 'The date {on} is after today ({today}): only steps already taken can be recorded',
  },
  'err.village.countRequired': { zh: '“{step}”须填写此项人数', en: '“{step}” needs this count' },
  'err.village.bodyRequired': {
    zh: '请选择决议的会议：村民会议或村民代表会议',
    en: 'Choose the meeting that resolved: the villagers’ assembly or the representatives’ meeting',
  },
  'err.village.assemblyBaseRequired': {
    zh: '村民会议须填写本村十八周岁以上村民人数，或本村户数及到会户代表数',
    en: 'A villagers’ assembly needs the number of villagers aged 18+, or the households and those represented',
  },
  'err.village.noticeRequired': {
    zh: '村民会议须填写通知村民的日期',
    en: 'A villagers’ assembly needs the day the villagers were notified',
  },
  'err.village.dueZero': { zh: '应到人数须至少为 1', en: 'The number due must be at least 1' },
  'err.village.presentOverDue': {
    zh: '实到 {present} 人多于应到 {due} 人',
    en: '{present} present is more than the {due} due',
  },
  'err.village.householdsOver': {
    zh: '到会户代表 {present} 户多于本村户数 {total} 户',
    en: '{present} households represented is more than the {total} households',
  },
  'err.village.votesOverPresent': {
    zh: '表决票数合计 {votes} 多于到会 {present} 人',
    en: '{votes} votes in all is more than the {present} present',
  },
  'err.village.noticeAfter': {
    zh: '通知日期 {notice} 晚于会议日期 {on}',
    en: 'The notice day {notice} is after the meeting day {on}',
  },
  'err.village.caseDone': {
    zh: '实施结果已公开，该事项已办结，不能再登记步骤（{cite}）',
    en: 'The result is disclosed and the case is closed: no further step ({cite})',
  },
  'err.village.caseRejected': {
    zh: '该事项表决未通过，不能再登记后续步骤（{cite}）',
    en: 'The matter was voted down: no further step ({cite})',
  },
  'err.village.outOfOrder': {
    zh: '已登记“{last}”，不能再登记排在其前的“{step}”（{cite}）',
    en: '“{last}” is recorded: “{step}”, which comes before it, cannot be recorded now ({cite})',
  },
  'err.village.dayBeforePrevious': {
    zh: '“{step}”的日期 {on} 早于上一步“{last}”的日期 {lastOn}（{cite}）',
    en: 'The date of “{step}” ({on}) is before that of “{last}” ({lastOn}) ({cite})',
  },
  'err.village.resolutionRequired': {
    zh: '该事项属于须经村民会议讨论决定的事项，“{step}”前须经村民会议或村民代表会议决议（{cite}）',
    en: 'The villagers’ assembly decides this matter: before “{step}” the assembly or the representatives must resolve ({cite})',
  },
  'err.village.representativeQuorum': {
    zh: '村民代表会议须有 {share} 以上的组成人员参加方可召开：应到 {due} 人，实到 {present} 人（{cite}）',
    en: 'A representatives’ meeting needs {share} of its members present: {due} due, {present} present ({cite})',
  },
  'err.village.assemblyQuorum': {
    zh: '村民会议须有本村十八周岁以上村民的过半数（超过 {adults}），或者 {households} 以上的户的代表参加：十八周岁以上村民 {due} 人、到会 {present} 人，户数 {householdsTotal}、到会户代表 {householdsPresent}（{cite}）',
    en: 'A villagers’ assembly needs more than {adults} of the villagers aged 18+ or the representatives of {households} of the households: {due} villagers, {present} present; {householdsTotal} households, {householdsPresent} represented ({cite})',
  },
  'err.village.assemblyNotice': {
    zh: '召集村民会议应当提前 {days} 天通知村民：{notice} 通知、{on} 召开（{cite}）',
    en: 'A villagers’ assembly is called with {days} days’ notice: notified {notice}, held {on} ({cite})',
  },
  'err.village.refused': {
    zh: '{first}（另有 {more} 项问题）',
    en: '{first} ({more} more problems)',
  },
  'err.village.notFound': {
    zh: '四议两公开事项 {id} 不存在或不在您的管理范围内',
    en: 'Village decision case {id} was not found or is outside your scope',
  },
  'err.village.notVillage': {
    zh: '“{org}”不是村（社区）级党组织，不能登记四议两公开事项（请先在组织信息中设置“村（社区）级”）',
    en: '“{org}” is not a village or community organisation: set its level before recording decision cases',
  },
  'err.village.kindUnknown': {
    zh: '事项类别“{kind}”不在规定的类别中：{choices}',
    en: 'The kind “{kind}” is not one of the listed kinds: {choices}',
  },
  'err.village.stepExists': {
    zh: '“{step}”已登记；如需更正，请勾选“更正”并写明原因',
    en: '“{step}” is recorded already; to correct it, mark it a correction and give the reason',
  },
  'err.village.correctionNotLast': {
    zh: '只能更正最后登记的步骤“{last}”',
    en: 'Only the last step recorded (“{last}”) can be corrected',
  },
  'err.village.correctionReason': { zh: '更正须写明原因', en: 'A correction needs its reason' },
  'err.village.mergeOnlyProposal': {
    zh: '只有登记“党组织提议”时才能合并进行两委会议商议',
    en: 'The committees’ deliberation merges only with the proposal',
  },
  'err.village.reportOnly': {
    zh: '登记{org}的四议两公开事项须有报送权限',
    en: 'Recording decision cases of {org} needs the right to report',
  },
  'rule.village.skipped': {
    zh: '未经“{skipped}”（{cite}）',
    en: '“{skipped}” was left out ({cite})',
  },
  'rule.village.mergedWithoutOneShoulder': {
    zh: '两委会议商议与党组织提议合并进行，但村党组织书记未兼任村委会主任（{cite}）',
    en: 'The deliberation was merged with the proposal, but the secretary does not chair the village committee ({cite})',
  },
  'rule.village.reviewQuorum': {
    zh: '党员大会到会不足 {share}：应到 {due} 人，实到 {present} 人（{cite}）',
    en: 'The members’ meeting had less than {share} present: {due} due, {present} present ({cite})',
  },
  'rule.village.lateDisclosure': {
    zh: '{decided} 作出决议，应于 {due} 前公开（{days} 日内），公开日期：{disclosed}（{cite}）',
    en: 'Resolved on {decided}, to be disclosed by {due} (within {days} days); disclosed: {disclosed} ({cite})',
  },
  'err.life.reportOnly': {
    zh: '登记或更正{org}的会议须有报送权限',
    en: 'Recording or correcting meetings of {org} needs the right to report',
  },

  // --- Grid matters (网格事项, issue 13; src/domain/grid, server/features/grid)
  'rule.grid.notAllowed': { zh: '事项{state}，不能“{event}”', en: 'The matter is {state}: cannot “{event}”' },
  'rule.grid.targetRequired': {
    zh: '交办须选择承办单位或填写承办部门',
    en: 'Assigning needs a handling organisation or the name of a department',
  },
  'rule.grid.noteRequired': { zh: '“{event}”须填写情况说明', en: '“{event}” needs a note' },
  'rule.grid.ratingRequired': { zh: '请选择评价：{ratings}', en: 'Choose a rating: {ratings}' },
  'rule.grid.reopenReason': {
    zh: '评价为“{rating}”的，须写明不满意的原因（事项将重新办理）',
    en: 'A rating of “{rating}” needs the reason (the matter goes back to be handled)',
  },
  'err.grid.notFound': {
    zh: '网格 {id} 不存在或不在您的管理范围内',
    en: 'Grid {id} was not found or is outside your scope',
  },
  'err.grid.matterNotFound': {
    zh: '网格事项 {id} 不存在或不在您的管理范围内',
    en: 'Grid matter {id} was not found or is outside your scope',
  },
  'err.grid.orgNotGridLevel': {
    zh: '“{org}”不是社区或村级党组织，不能在其下划分网格（请先在组织信息中设置“村（社区）级”）',
    en: '“{org}” is not a community or village organisation: grids are drawn below those (set its level first)',
  },
  'err.grid.parentOtherOrg': {
    zh: '上级网格“{parent}”不属于“{org}”',
    en: 'The parent grid “{parent}” does not belong to “{org}”',
  },
  'err.grid.parentMicro': {
    zh: '“{parent}”是微网格，其下不能再划分网格',
    en: '“{parent}” is a micro-grid: no grid can be drawn below it',
  },
  'err.grid.nameTaken': {
    zh: '“{org}”已有名为“{name}”的网格',
    en: '“{org}” already has a grid named “{name}”',
  },
  'err.grid.workerOtherOrg': {
    zh: '网格员须是“{org}”或其下级组织名册中的人员',
    en: 'The grid worker must be on the roll of “{org}” or an organisation below it',
  },
  'err.grid.workerNeeded': { zh: '请填写网格员姓名', en: 'Give the grid worker’s name' },
  'err.grid.notWorker': {
    zh: '您不是网格“{grid}”的网格员',
    en: 'You are not the grid worker of “{grid}”',
  },
  'err.grid.reportOnly': {
    zh: '上报网格事项须是该网格的网格员，或网格所属组织有报送权限的账号',
    en: 'A grid matter is reported by the grid’s worker or by an account of its organisation that may report',
  },
  'err.grid.sideOnly': { zh: '“{event}”只能由{side}操作', en: '“{event}” is for the {side} only' },
  'err.grid.category': {
    zh: '类别“{category}”不在规则所列的类别中：{choices}',
    en: 'The category “{category}” is not one the rules list: {choices}',
  },
  'err.grid.assigneeNotBelow': {
    zh: '承办单位“{org}”须是“{grid}”所属组织“{owner}”或其下级、上级组织',
    en: 'The handling organisation “{org}” must be “{owner}” (the organisation of “{grid}”), one below it or on its line above',
  },
  'err.grid.assigneeBoth': {
    zh: '承办单位和承办部门只能填写一项',
    en: 'Give either a handling organisation or a department, not both',
  },
  'err.grid.filesNotAllowed': {
    zh: '“{event}”不能附照片：只有上报和处置可以附照片',
    en: '“{event}” takes no photos: only reporting and handling do',
  },
  'err.grid.reportedOnFuture': { zh: '上报日期 {date} 晚于今天', en: 'The day reported, {date}, is after today' },
  'err.grid.import.hasErrors': {
    zh: '网格事项表有 {n} 处问题，未导入任何事项；请按提示修改后重新导入',
    en: 'The grid matter list has {n} problem(s); nothing was imported. Correct them and import again',
  },
  'err.grid.import.gridMissing': { zh: '请填写网格', en: 'Fill in the grid' },
  'err.grid.import.gridNotFound': {
    zh: '在“{org}”及其下级中找不到网格“{name}”',
    en: 'No grid named “{name}” in “{org}” or below it',
  },
  'err.grid.import.gridAmbiguous': {
    zh: '有 {n} 个网格名为“{name}”，请在“所属社区”一列写明社区（村）',
    en: '{n} grids are named “{name}”: write the community (village) in the column 所属社区',
  },
  'err.grid.import.category': {
    zh: '类别“{text}”无法识别，应为：{choices}',
    en: 'The category “{text}” is not recognised; it should be one of: {choices}',
  },
  'err.grid.import.categoryMissing': { zh: '请填写类别', en: 'Fill in the category' },
  'err.grid.import.textMissing': { zh: '请填写事项内容', en: 'Fill in what the matter is' },
  'err.grid.import.dateMissing': { zh: '请填写上报日期', en: 'Fill in the day reported' },
  'err.grid.import.source': {
    zh: '来源“{text}”无法识别，应为“网格员发现”或“群众反映”',
    en: 'The source “{text}” is not recognised; it should be 网格员发现 or 群众反映',
  },
  'err.grid.import.phone': {
    zh: '联系电话“{text}”应为 5 至 20 位数字',
    en: 'The phone number “{text}” should be 5 to 20 digits',
  },
  'err.grid.import.sameAsRow': {
    zh: '与第 {row} 行是同一事项（同一网格、同一天、同样内容）',
    en: 'The same matter as row {row} (same grid, day and text)',
  },
  'err.zip.gridMatters': { zh: '网格事项表文件', en: 'the grid matter list file' },
  // --- 村级集体经济 (collective economy, issue 13; src/domain/economy, server/features/economy)
  'err.economy.year': {
    zh: '年度 {year} 应在 {min} 年至 {max} 年之间',
    en: 'The year {year} must be from {min} to {max}',
  },
  'err.economy.quarter': { zh: '季度“{quarter}”应为 1 至 4', en: 'The quarter “{quarter}” must be 1 to 4' },
  'err.economy.quarterFuture': {
    zh: '{year}年第{quarter}季度尚未开始，不能填报',
    en: 'Q{quarter} of {year} has not begun: it cannot be reported yet',
  },
  'err.economy.amountFen': {
    zh: '{source}金额应精确到分（最多两位小数）',
    en: '{source}: the amount goes to the fen (two decimals at most)',
  },
  'err.economy.amountNegative': {
    zh: '{source}不能为负数（只有投资收益可填负数，表示投资损失）',
    en: '{source} cannot be negative (only investment income can: a loss)',
  },
  'err.economy.amountTooLarge': {
    zh: '{source}金额超过 {max}，请核对',
    en: '{source} is over {max}: check the amount',
  },
  'err.economy.notVillage': {
    zh: '“{org}”不是村级党组织（行政村），不能填报村级集体经济收入（请先在组织信息中设置“村级”）',
    en: '“{org}” is not a village organisation: collective income is reported by villages (set its level first)',
  },
  'err.economy.slotTaken': {
    zh: '“{org}”{year}年{period}的收入已经填报（记录 {id}），如需修改请对原记录“更正”',
    en: '“{org}” has already reported {period} of {year} (entry {id}): correct that entry instead',
  },
  'err.economy.entryNotFound': {
    zh: '集体经济收入记录 {id} 不存在或不在您的管理范围内',
    en: 'Collective income entry {id} was not found or is outside your scope',
  },
  'err.economy.reasonRequired': { zh: '更正须写明原因', en: 'A correction needs its reason' },
  'err.economy.sameAsInForce': {
    zh: '更正的金额与现行记录相同，无需更正',
    en: 'The correction gives the same amounts as the entry in force: nothing to correct',
  },
  'err.economy.import.hasErrors': {
    zh: '村级集体经济收入表有 {n} 处问题，未导入任何数据；请按提示修改后重新导入',
    en: 'The collective income list has {n} problem(s); nothing was imported. Correct them and import again',
  },
  'err.economy.import.villageMissing': { zh: '请填写村名或组织编码', en: 'Fill in the village or its code' },
  'err.economy.import.villageNotFound': {
    zh: '在“{org}”及其下级中找不到村“{name}”',
    en: 'No village “{name}” in “{org}” or below it',
  },
  'err.economy.import.codeNotFound': {
    zh: '在“{org}”及其下级中找不到组织编码为 {code} 的组织',
    en: 'No organisation with the code {code} in “{org}” or below it',
  },
  'err.economy.import.notVillage': {
    zh: '“{name}”不是村级党组织（行政村），不能填报村级集体经济收入',
    en: '“{name}” is not a village organisation: collective income is reported by villages',
  },
  'err.economy.import.villageAmbiguous': {
    zh: '有 {n} 个村名为“{name}”，请填写组织编码或所属乡镇',
    en: '{n} villages are named “{name}”: give the code or the town',
  },
  'err.economy.import.codeNameMismatch': {
    zh: '组织编码 {code} 是“{actual}”，与村名“{name}”不符',
    en: 'The code {code} is “{actual}”, not “{name}”',
  },
  'err.economy.import.sameAsRow': {
    zh: '与第 {row} 行是同一个村、同一年度、同一期间',
    en: 'The same village, year and period as row {row}',
  },
  'err.economy.import.year': {
    zh: '年度“{text}”无法识别，应为四位年份（如 2026）',
    en: 'The year “{text}” is not recognised; write four digits (e.g. 2026)',
  },
  'err.economy.import.yearMissing': { zh: '请填写年度', en: 'Fill in the year' },
  'err.economy.import.quarter': {
    zh: '季度“{text}”无法识别，应为空（全年）、“全年”或 1 至 4（如“第一季度”）',
    en: 'The quarter “{text}” is not recognised; leave it empty (whole year), or write 1 to 4',
  },
  'err.economy.import.amount': {
    zh: '{source}“{text}”不是有效金额（单位元，最多两位小数；表头注明“万元”的按万元）',
    en: '{source}: “{text}” is not an amount (in yuan to the fen; in 万元 where the header says so)',
  },
  'err.economy.import.noAmount': {
    zh: '请至少填写一项收入金额（没有收入的填 0）',
    en: 'Give at least one amount (write 0 for none)',
  },
  'err.zip.economy': { zh: '村级集体经济收入表文件', en: 'the collective income list file' },
  'label.economy.skipUnreported': {
    zh: '未填报的村（没有金额），不导入',
    en: 'A village that reported nothing (no amounts): not imported',
  },
  // --- The national level: publication, subscriptions, the hub's views (docs/scale.md, "The country")
  'err.hub.needsPostgres': {
    zh: '全国汇总（逻辑复制）需要 PostgreSQL（DATABASE_URL），嵌入式数据库不支持',
    en: 'The national level (logical replication) needs PostgreSQL (DATABASE_URL); the embedded database cannot do it',
  },
  'err.hub.walLevel': {
    zh: '发布需要 PostgreSQL 设置 wal_level = logical（当前为 {level}）：请在 postgresql.conf 中设置 wal_level = logical（并确保 max_replication_slots、max_wal_senders 足够），重启数据库后再试',
    en: 'Publishing needs wal_level = logical (it is {level}): set wal_level = logical in postgresql.conf (with enough max_replication_slots and max_wal_senders), restart PostgreSQL and try again',
  },
  'err.hub.noRegion': {
    zh: '未设置本省的区域编码（LUOSHI_REGION），无法发布汇总数',
    en: 'No region code is set (LUOSHI_REGION): nothing can be published',
  },
  'err.hub.badName': {
    zh: '省份名称“{name}”无效：应为小写字母开头，由小写字母、数字和下划线组成，不超过 40 个字符',
    en: 'Invalid province name “{name}”: lower-case letters, digits and underscores, starting with a letter, at most 40',
  },
  'err.hub.subscribed': { zh: '已订阅省份“{name}”', en: 'The province “{name}” is already subscribed' },
  'err.hub.noSuchSubscription': { zh: '没有省份“{name}”的订阅', en: 'No subscription for the province “{name}”' },
  'err.hub.provinceUnreachable': {
    zh: '无法连接省份“{name}”以删除其复制槽（{reason}）；如该省已停用，可加 --force 删除订阅，复制槽需在该省数据库上另行删除',
    en: 'Cannot reach the province “{name}” to drop its replication slot ({reason}); if it is gone for good, --force drops the subscription and its slot must be dropped on the province',
  },
  'err.hub.nationalOnly': {
    zh: '全国汇总数据仅对顶层组织的管理员和书记开放',
    en: 'The national figures are open to the administrators and committees of a top organisation only',
  },
  'err.hub.noSuchRegion': { zh: '没有区域“{region}”的汇总数', en: 'No figures for the region “{region}”' },
  // --- Official documents (公文: src/domain/report/official-doc.ts, server/features/report/official-doc.ts)
  'err.report.pdfNoConverter': {
    zh: '本服务器未安装 LibreOffice Writer（Debian 软件包 libreoffice-writer-nogui），无法生成 PDF；请下载 Word 文件（.docx）',
    en: 'This server has no LibreOffice Writer (Debian package libreoffice-writer-nogui) to make the PDF; download the Word file (.docx) instead',
  },
  'err.report.pdfFailed': {
    zh: 'PDF 生成失败（LibreOffice 转换出错或超时）；请稍后重试，或下载 Word 文件（.docx）',
    en: 'The PDF could not be made (LibreOffice failed or timed out); try again later, or download the Word file (.docx)',
  },
  // --- Database refusals that bad input can cause
  'err.db.numberRange': { zh: '数值超出范围', en: 'A number is out of range' },
  'err.db.dateRange': { zh: '日期或时间超出范围', en: 'A date or time is out of range' },
  'err.db.dateFormat': { zh: '日期或时间的格式无效', en: 'Invalid date or time format' },
  'err.db.format': { zh: '数据的格式无效', en: 'Invalid data format' },
  'err.db.tooLong': { zh: '文字过长', en: 'The text is too long' },
  'err.db.badChars': { zh: '文字中含有无法保存的字符', en: 'The text contains characters that cannot be stored' },
  'err.db.duplicate': { zh: '与已有的记录重复', en: 'This duplicates an existing record' },

  // --- Validation of a request against its schema: the whole, one issue, where it is, what is wrong
  'val.failed': { zh: '请求参数有误：{issues}', en: 'Invalid request: {issues}' },
  'val.issue': { zh: '{field}：{problem}', en: '{field}: {problem}' },
  'val.where': { zh: '{part} {path}', en: '{part} {path}' },
  'val.part.body': { zh: '请求内容', en: 'body' },
  'val.part.querystring': { zh: '查询参数', en: 'query' },
  'val.part.params': { zh: '路径参数', en: 'path parameter' },
  'val.part.headers': { zh: '请求头', en: 'header' },
  'val.required': { zh: '必须填写', en: 'is required' },
  'val.type': { zh: '应为{type}', en: 'must be {type}' },
  'val.type.string': { zh: '文字', en: 'text' },
  'val.type.number': { zh: '数字', en: 'a number' },
  'val.type.int': { zh: '整数', en: 'a whole number' },
  'val.type.boolean': { zh: '是或否', en: 'true or false' },
  'val.type.date': { zh: '日期', en: 'a date' },
  'val.type.array': { zh: '列表', en: 'a list' },
  'val.type.object': { zh: '对象', en: 'an object' },
  'val.type.null': { zh: '空值', en: 'null' },
  'val.type.undefined': { zh: '空', en: 'empty' },
  'val.type.other': { zh: '规定的类型', en: 'of the expected type' },
  'val.tooBig.string': { zh: '不能超过 {max} 个字', en: 'must be at most {max} characters' },
  'val.tooBig.list': { zh: '不能超过 {max} 项', en: 'must have at most {max} items' },
  'val.tooBig.file': { zh: '文件不能超过 {max} 字节', en: 'the file must be at most {max} bytes' },
  'val.tooBig.date': { zh: '日期太晚', en: 'the date is too late' },
  'val.tooBig.below': { zh: '应小于 {max}', en: 'must be less than {max}' },
  'val.tooBig.max': { zh: '不能大于 {max}', en: 'must be at most {max}' },
  'val.tooSmall.empty': { zh: '不能为空', en: 'must not be empty' },
  'val.tooSmall.string': { zh: '至少 {min} 个字', en: 'must be at least {min} characters' },
  'val.tooSmall.pickOne': { zh: '至少选择一项', en: 'pick at least one' },
  'val.tooSmall.list': { zh: '至少 {min} 项', en: 'must have at least {min} items' },
  'val.tooSmall.file': { zh: '文件是空的', en: 'the file is empty' },
  'val.tooSmall.date': { zh: '日期太早', en: 'the date is too early' },
  'val.tooSmall.above': { zh: '应大于 {min}', en: 'must be greater than {min}' },
  'val.tooSmall.min': { zh: '不能小于 {min}', en: 'must be at least {min}' },
  'val.format': { zh: '{format}不正确', en: '{format} is not valid' },
  'val.format.email': { zh: '邮箱地址', en: 'the email address' },
  'val.format.url': { zh: '网址', en: 'the address' },
  'val.format.date': { zh: '日期（YYYY-MM-DD）', en: 'the date (YYYY-MM-DD)' },
  'val.format.datetime': { zh: '日期时间', en: 'the date and time' },
  'val.format.time': { zh: '时间', en: 'the time' },
  'val.format.uuid': { zh: '编号', en: 'the identifier' },
  'val.format.regex': { zh: '内容', en: 'the content' },
  'val.format.other': { zh: '格式', en: 'the format' },
  'val.oneValue': { zh: '应为 {value}', en: 'must be {value}' },
  'val.oneOf': { zh: '应为以下之一：{values}', en: 'must be one of: {values}' },
  'val.multipleOf': { zh: '应为 {divisor} 的倍数', en: 'must be a multiple of {divisor}' },
  'val.unknownKeys': { zh: '含有不认识的字段：{keys}', en: 'has unknown fields: {keys}' },
  'val.malformed': { zh: '格式不正确', en: 'is malformed' },
  'val.invalid': { zh: '无效', en: 'is invalid' },
  /** A message the server has only as text (it came from outside the table): shown as it is. */
  'val.text': { zh: '{text}', en: '{text}' },

  // --- Messages the contracts' schemas state themselves (matched by their Chinese text)
  'schema.nameRequired': { zh: '姓名不能为空', en: 'The name must not be empty' },
  'schema.nothingToChange': { zh: '没有要修改的内容', en: 'There is nothing to change' },
  'schema.username': {
    zh: '用户名应为2–40位字母、数字或 _ . @ -',
    en: 'The username must be 2–40 letters, digits or _ . @ -',
  },
  'schema.taskTitleRequired': { zh: '任务名称不能为空', en: 'The task name must not be empty' },
  'schema.pickReceivers': {
    zh: '请选择接收组织，或给出按规则下发的条件',
    en: 'Pick the receiving organisations, or give the conditions to assign by',
  },
  'schema.withdrawReason': { zh: '请填写撤回理由', en: 'Please give a reason for withdrawing' },
  'schema.progressText': { zh: '请填写进展情况', en: 'Please describe the progress' },
  'schema.pasteText': { zh: '请粘贴讲话或文件正文', en: 'Please paste the text of the speech or document' },
  'schema.dateFormat': {
    zh: '日期格式应为“年-月-日”，如 2026-03-01',
    en: 'Dates are written year-month-day, e.g. 2026-03-01',
  },
  'schema.noSuchDay': { zh: '日期无效：没有这一天', en: 'Invalid date: there is no such day' },
  'schema.idInteger': { zh: '编号应为整数', en: 'An ID must be a whole number' },
  'schema.idPositive': { zh: '编号应为正整数', en: 'An ID must be a positive whole number' },
  'schema.idRange': { zh: '编号超出范围', en: 'The ID is out of range' },
  'schema.orgCode': {
    zh: '组织编码只能包含字母、数字、下划线和连字符（1–40位）',
    en: 'An organisation code may hold only letters, digits, underscores and hyphens (1–40)',
  },
  'schema.nameEmpty': { zh: '名称不能为空', en: 'The name must not be empty' },
  'schema.nameTooLong': { zh: '名称不能超过100个字', en: 'The name must be at most 100 characters' },
  'schema.dissolveReason': { zh: '请填写撤销原因', en: 'Please give the reason for dissolving' },
  'schema.searchText': { zh: '请输入搜索内容', en: 'Please enter what to search for' },
  'schema.fieldCode': {
    zh: '领域编码应为小写字母开头的字母、数字或下划线',
    en: 'A field code must start with a lowercase letter and hold letters, digits or underscores',
  },
  'schema.usernameRequired': { zh: '请输入用户名', en: 'Please enter the username' },
  'schema.passwordRequired': { zh: '请输入密码', en: 'Please enter the password' },
  'schema.anchorId': { zh: '锚点的 id 应为正整数', en: 'The anchor’s id must be a positive whole number' },
  'schema.anchorHash': { zh: '锚点的 hash 应为 64 位十六进制', en: 'The anchor’s hash must be 64 hexadecimal digits' },

  // --- Progress labels of tasks and roll-ups (src/domain/tasks/progress.ts)
  'progress.reported': { zh: '已报 {figure}{unit}', en: '{figure}{unit} reported' },
  'progress.sum': { zh: '完成 {figure}/{target}{unit}', en: 'Done {figure}/{target}{unit}' },
  'progress.notAssigned': { zh: '尚未下达', en: 'Not assigned yet' },
  'progress.share': { zh: '达标 {share}', en: '{share} reached' },
  'progress.shareOfTarget': { zh: '达标 {share}（目标 {target}%）', en: '{share} reached (target {target}%)' },
  'progress.units': { zh: '完成 {done}/{assigned} 个单位', en: 'Done {done}/{assigned} organisations' },
  'progress.state': { zh: '{state}{figure}', en: '{state}{figure}' },
  'progress.reportedSuffix': { zh: '，已报 {figure}{unit}', en: ', {figure}{unit} reported' },
  'progress.notAssignedDown': { zh: '未下发', en: 'Not assigned' },

  // --- Notifications (titles and bodies)
  'notice.assigned.title': { zh: '收到新任务：{task}', en: 'New task: {task}' },
  'notice.assigned.body': { zh: '{org}下发', en: 'Assigned by {org}' },
  'notice.assigned.bodyDeadline': {
    zh: '{org}下发，完成时限 {deadline}',
    en: 'Assigned by {org}, due {deadline}',
  },
  'notice.overdue.title': { zh: '任务已逾期：{task}', en: 'Overdue: {task}' },
  'notice.overdue.body': {
    zh: '完成时限 {deadline}，请尽快办理并报送',
    en: 'It was due {deadline}; please carry it out and report as soon as possible',
  },
  'notice.dueSoon.title': { zh: '任务即将到期：{task}', en: 'Due soon: {task}' },
  'notice.dueSoon.body': { zh: '完成时限 {deadline}（{org}下发）', en: 'Due {deadline} (assigned by {org})' },
  'notice.event.toAssigner': { zh: '“{task}”（{org}）{verb}', en: '“{task}” ({org}) {verb}' },
  'notice.event.toReceiver': { zh: '“{task}”{verb}', en: '“{task}” {verb}' },
  'notice.event.submitted': { zh: '已报送完成，请验收', en: 'was reported done; please check and accept it' },
  'notice.event.accepted': { zh: '已通过验收', en: 'was accepted' },
  'notice.event.returned': { zh: '被退回', en: 'was returned' },
  'notice.event.reopened': { zh: '被重新打开', en: 'was reopened' },
  'notice.event.cancelled': { zh: '已撤回', en: 'was withdrawn' },
  'notice.problem.toResponsible': { zh: '问题“{problem}”{verb}', en: 'Problem “{problem}” {verb}' },
  'notice.problem.toIssuer': { zh: '问题“{problem}”（{org}）{verb}', en: 'Problem “{problem}” ({org}) {verb}' },
  'notice.problem.assigned': { zh: '已交办，请认领整改', en: 'was assigned to you; please claim it' },
  'notice.problem.claimed': { zh: '已认领', en: 'was claimed' },
  'notice.problem.submitted': { zh: '申请销号，请核查', en: 'is ready for closure; please verify it' },
  'notice.problem.closed': { zh: '已核查销号', en: 'was verified and closed' },
  'notice.problem.returned': { zh: '核查未通过，被退回整改', en: 'failed verification and was returned' },
  'notice.problem.reopened': { zh: '回头看发现反弹，重新整改', en: 'was reopened after the re-check' },
  'notice.problem.remind.title': {
    zh: '问题“{problem}”已逾期{days}天，请抓紧整改',
    en: 'Problem “{problem}” is {days} days overdue; please rectify it',
  },
  'notice.problem.remind.body': {
    zh: '整改时限 {deadline}，请尽快整改到位并申请销号',
    en: 'It was due {deadline}; please complete the rectification and ask for closure',
  },
  'notice.problem.escalate.title': {
    zh: '问题“{problem}”（{org}）已逾期{days}天，建议{step}',
    en: 'Problem “{problem}” ({org}) is {days} days overdue; suggested: {step}',
  },
  'notice.problem.escalate.body': {
    zh: '整改时限 {deadline}。按督办升级规则，逾期{from}天起建议{step}；是否{step}由交办方决定，办理后请在问题页记录',
    en: 'It was due {deadline}. By the escalation ladder, {step} is suggested from {from} days overdue; the issuing side decides, and records what it did on the problem page',
  },
  'notice.problem.recheckDue.title': {
    zh: '问题“{problem}”（{org}）已到回头看时间',
    en: 'Problem “{problem}” ({org}) is due for its re-check',
  },
  'notice.problem.recheckDue.body': {
    zh: '{closed}销号，回头看时间 {due}，请开展回头看并记录',
    en: 'Closed on {closed}; the re-check is due {due}; please carry it out and record it',
  },
  'notice.problem.imported': {
    zh: '{issuer}交办了{n}个问题，请认领整改',
    en: '{issuer} assigned {n} problems to you; please claim them',
  },
  'notice.instruction.given': {
    zh: '{leader}对{what}“{target}”作出批示，请抓好落实',
    en: '{leader} gave an instruction on {what} “{target}”; please follow it up',
  },
  'notice.instruction.givenDue': {
    zh: '{leader}对{what}“{target}”作出批示，请于 {due} 前回复落实情况',
    en: '{leader} gave an instruction on {what} “{target}”; please reply by {due}',
  },
  'notice.instruction.replied': {
    zh: '{org}回复了{leader}对“{target}”的批示落实情况',
    en: '{org} replied on the follow-up of {leader}’s instruction on “{target}”',
  },
  'notice.instruction.closed': {
    zh: '{leader}对“{target}”的批示已办结',
    en: '{leader}’s instruction on “{target}” was closed',
  },
  'notice.instruction.reopened': {
    zh: '{leader}对“{target}”的批示落实情况被退回，请继续落实',
    en: 'The follow-up of {leader}’s instruction on “{target}” was sent back; please carry on',
  },
  'notice.notice.published': { zh: '通报：{title}', en: 'Notice: {title}' },
  'notice.transfer.incoming': {
    zh: '组织关系转入：{name}（由{from}转来），请办理接收',
    en: 'Transfer in: {name} (from {from}); please accept or return it',
  },
  'notice.transfer.accepted': {
    zh: '组织关系转接已接收：{name}已转入{to}',
    en: 'Transfer accepted: {name} now belongs to {to}',
  },
  'notice.transfer.rejected': {
    zh: '组织关系转接被退回：{name}（{to}退回）',
    en: 'Transfer returned: {name} ({to} returned it)',
  },
  'notice.transfer.note': { zh: '说明：{note}', en: 'Note: {note}' },
  'notice.assess.selfOpen': {
    zh: '考核开始自评：{round}（{issuer}），请于 {due} 前完成自评',
    en: 'Self-assessment open: {round} ({issuer}); please finish it by {due}',
  },
  'notice.assess.publicity': {
    zh: '考核结果公示：{round}（{issuer}），公示期 {from} 至 {to}，有异议可在公示期内提出',
    en: 'Results in publicity: {round} ({issuer}), {from} to {to}; objections may be raised meanwhile',
  },
  'notice.assess.objection': {
    zh: '考核异议：{org}对“{round}”的结果提出异议，请答复',
    en: 'Objection: {org} objects to the results of “{round}”; please answer it',
  },
  'notice.assess.answered': {
    zh: '考核异议已答复：“{round}”（{issuer}）',
    en: 'Objection answered: “{round}” ({issuer})',
  },
  'notice.assess.final': {
    zh: '考核结果已确定：{round}（{issuer}）',
    en: 'Results final: {round} ({issuer})',
  },
  'notice.grid.assigned': { zh: '网格事项交办：{text}', en: 'Grid matter handed to you: {text}' },
  'notice.grid.reopened': {
    zh: '网格事项评价不满意、重新办理：{text}',
    en: 'Grid matter rated poor, to handle again: {text}',
  },
  'notice.grid.assignedBody': {
    zh: '类别：{category}，请于 {deadline} 前处置并反馈',
    en: 'Category: {category}; please handle it and report back by {deadline}',
  },
  'notice.grid.remind': {
    zh: '网格事项逾期 {days} 天未处置，请尽快办理',
    en: 'Grid matter {days} days overdue: please handle it',
  },
  'notice.grid.escalate': {
    zh: '网格事项逾期 {days} 天未处置，提级督办',
    en: 'Grid matter {days} days overdue: raised for supervision',
  },
  'notice.grid.escalateBody': { zh: '处置期限：{deadline}', en: 'Deadline: {deadline}' },
  'notice.appraisal.overdue': {
    zh: '民主评议党员逾期未评定：{year}年度（评定期限 {due}）',
    en: 'Member appraisal not decided: {year} (due {due})',
  },
  'notice.appraisal.overdueBody': {
    zh: '请支委会或党员大会根据自评、互评和民主测评情况，确定每名党员的评定等次',
    en: "Please have the branch committee or the general meeting decide each member's grade from the self, peer and poll appraisal",
  },
  'notice.appraisal.correctionDue': {
    zh: '不合格党员限期改正即将到期：{name}（期限 {date}）',
    en: 'Correction deadline near: {name} (by {date})',
  },
  'notice.appraisal.correctionOverdue': {
    zh: '不合格党员限期改正已到期：{name}（期限 {date}）',
    en: 'Correction deadline passed: {name} (by {date})',
  },
  'notice.appraisal.correctionBody': {
    zh: '请支部了解其改正情况，记录处置结果或改变处置方式（平台只记录和提醒，不代为处置）',
    en: 'Please find out how the member has changed and record the outcome or change the measure (the platform records and reminds; it never acts)',
  },
  'notice.chased.title': { zh: '催办：{task}', en: 'Reminder: {task}' },
  'notice.chased.body': { zh: '{org}催办', en: '{org} sent a reminder' },
  'notice.chased.bodyDeadline': {
    zh: '{org}催办，完成时限 {deadline}',
    en: '{org} sent a reminder; due {deadline}',
  },
  'notice.withNote': { zh: '{text}：{note}', en: '{text}: {note}' },

  // --- Rules of the domain that refuse (their results name these keys)
  'rule.transition.wrongSide': { zh: '“{event}”只能由{side}操作', en: '“{event}” is for the {side} only' },
  'rule.transition.startFirst': {
    zh: '任务尚未启动，请先记录工作进展，再报送完成',
    en: 'The work has not started: record progress first, then report it done',
  },
  'rule.transition.notAllowed': { zh: '任务{state}，不能“{event}”', en: 'The work is {state}: cannot “{event}”' },
  'rule.transition.reasonRequired': { zh: '“{event}”须填写理由', en: '“{event}” needs a reason' },
  'rule.problem.notAllowed': { zh: '问题{state}，不能“{event}”', en: 'The problem is {state}: cannot “{event}”' },
  'rule.problem.personRequired': {
    zh: '认领须填写责任人',
    en: 'Claiming needs the name of the person responsible',
  },
  'rule.problem.measuresRequired': {
    zh: '请至少填写一条整改措施，每条措施须有完成时限',
    en: 'Give at least one measure, each with a deadline',
  },
  'rule.problem.measureIncomplete': {
    zh: '第 {n} 条整改措施缺少内容或完成时限',
    en: 'Measure {n} has no text or no deadline',
  },
  'rule.problem.evidenceRequired': {
    zh: '申请销号须说明整改情况并举证',
    en: 'Asking for closure needs an account of the rectification and its evidence',
  },
  'rule.problem.noteRequired': { zh: '“{event}”须填写情况说明', en: '“{event}” needs a note' },
  'rule.batch.empty': { zh: '这一批下发已全部撤回', en: 'This batch has already been withdrawn entirely' },
  'rule.batch.started': {
    zh: '已有 {n} 个承办单位开始办理，不能整批撤回；请逐个撤回并说明理由',
    en: '{n} receivers have already started: the batch cannot be withdrawn as a whole; withdraw them one by one with a reason',
  },
  'rule.evidence.empty': { zh: '文件“{file}”是空文件', en: 'The file “{file}” is empty' },
  'rule.evidence.tooLarge': {
    zh: '文件“{file}”大小为 {size} MB，超过 {max} MB 的上限',
    en: 'The file “{file}” is {size} MB, over the limit of {max} MB',
  },
  'rule.evidence.type': {
    zh: '文件“{file}”的类型不受支持，只接受{accepted}',
    en: 'The type of the file “{file}” is not supported; accepted: {accepted}',
  },
  'rule.target.targetNotAllowed': {
    zh: '没有量化目标的任务不能填写目标值',
    en: 'A task without a quantitative target cannot have a target value',
  },
  'rule.target.targetMissing': { zh: '请填写目标值', en: 'Please fill in the target value' },
  'rule.target.thresholdMissing': {
    zh: '按达标比例统计的任务须填写达标线',
    en: 'A task counted by share reaching a threshold needs the threshold',
  },
  'rule.target.shareOver100': { zh: '达标比例不能超过100%', en: 'The target share cannot exceed 100%' },
  'rule.target.sourceNeedsTarget': {
    zh: '自动统计数量的任务须设置量化目标（累计数量或达标比例）',
    en: 'A task whose figures are counted from records needs a quantitative target (sum or share)',
  },
  'rule.target.sourceLevels': {
    zh: '星级范围无效：最低星级和最高星级须为1至9的整数，且最低不高于最高',
    en: 'Invalid star range: the levels are whole numbers from 1 to 9 and the lowest is not above the highest',
  },
  'rule.target.sourceYear': {
    zh: '统计年度须在2000年至2100年之间',
    en: 'The year counted must be between 2000 and 2100',
  },
  'rule.target.sourceAmount': {
    zh: '统计金额须为 0 至 100000 万元之间的数，最多四位小数（精确到元）',
    en: 'The amount counted must be from 0 to 100,000 (万元), with at most four decimals (to the yuan)',
  },
  'rule.password.too_short': {
    zh: '密码至少需要{min}个字符',
    en: 'The password needs at least {min} characters',
  },
  'rule.password.too_long': {
    zh: '密码不能超过{max}个字符',
    en: 'The password must be at most {max} characters',
  },
  'rule.password.letters_and_digits': {
    zh: '密码需同时包含字母和数字',
    en: 'The password needs both letters and digits',
  },
  'rule.password.guessable': {
    zh: '{why}，容易被猜到：请换用更长的密码（建议 12 位以上），或几个不相关词语与数字的组合',
    en: '{why}, so it is easy to guess: use a longer password (12 characters or more), or a few unrelated words with digits',
  },
  'rule.password.why.common': { zh: '密码太常见', en: 'The password is too common' },
  'rule.password.why.keyboard': {
    zh: '密码含有键盘上相邻排列的字符',
    en: 'The password holds characters next to each other on the keyboard',
  },
  'rule.password.why.repeat': {
    zh: '密码含有重复的字符或片段',
    en: 'The password holds repeated characters or pieces',
  },
  'rule.password.why.sequence': {
    zh: '密码含有 abc、123 这样的连续字符',
    en: 'The password holds sequences such as abc or 123',
  },
  'rule.password.why.date': { zh: '密码含有年份或日期', en: 'The password holds a year or a date' },
  'rule.password.why.word': {
    zh: '密码主要由常见的单词、拼音或姓名组成',
    en: 'The password is mostly common words, pinyin or names',
  },
  'rule.password.why.personal': {
    zh: '密码含有用户名、姓名或本平台的名称',
    en: 'The password holds the username, the name or the platform’s name',
  },
  'rule.password.why.simple': { zh: '密码过于简单', en: 'The password is too simple' },
  // --- Member development (发展党员, src/domain/people/development.ts): refusals and flags of the steps' gates
  'err.development.cite': {
    zh: '（规则 {rule}：《{source}》{article}，[{tag}]）',
    en: ' (rule {rule}: {source} {article}, [{tag}])',
  },
  'err.development.needsReason': {
    zh: '{why}；如确属特殊情况，可填写理由后提交（理由记录在案）',
    en: '{why}; in a special case, give the reason and submit again (it is recorded)',
  },
  'err.development.exception': { zh: '例外办理：{why}；理由：{reason}', en: 'Exception: {why}; reason: {reason}' },
  'err.development.closed': { zh: '该发展档案已结束（{state}），不能再记录步骤', en: 'This case has ended ({state})' },
  'err.development.order': {
    zh: '发展党员须按程序办理：当前应办理“{next}”，不能办理“{step}”{cite}',
    en: 'Steps follow their order: the next is “{next}”, not “{step}”{cite}',
  },
  'err.development.future': {
    zh: '日期 {on} 晚于今天，不能预先登记',
    en: '{on} is after today: it cannot be recorded ahead',
  },
  'err.development.beforePrevious': {
    zh: '日期 {on} 早于上一步骤“{prev}”的日期 {prevOn}',
    en: '{on} is before the previous step “{prev}” ({prevOn})',
  },
  'err.development.documentRequired': {
    zh: '“{step}”须填写依据的材料（如申请书、会议记录、志愿书）',
    en: '“{step}” needs the document it rests on',
  },
  'err.development.deciderRequired': {
    zh: '“{step}”须填写决定或办理的组织、人员',
    en: '“{step}” needs who decided or acted',
  },
  'err.rules.unknown': { zh: '没有编号为“{rule}”的规则', en: 'No rule has the id “{rule}”' },
  'err.rules.confirmed': {
    zh: '规则“{rule}”依据已核实的《{source}》，不能由地方调整；只有标注为 S（次要来源或地方规定）的规则可以调整',
    en: 'Rule “{rule}” rests on the confirmed text of {source} and cannot be adjusted locally; only rules tagged S can',
  },
  'err.rules.past': {
    zh: '地方规定只能从今天（{today}）或以后生效，不改写已有的判断：生效日期 {on} 早于今天',
    en: 'A local rule takes effect today ({today}) or later, so that no past judgement changes: {on} is before today',
  },
  'err.rules.shape': {
    zh: '规则“{rule}”的取值形式不对：{path} 应为{expected}',
    en: 'The value for rule “{rule}” has the wrong form: {path} should be {expected}',
  },
  'err.rules.notLocality': {
    zh: '“{org}”是{type}：地方规定由党委（党工委）制定，适用于其下全部组织',
    en: '“{org}” is a {type}: local rules are set by a committee (or working committee) for its whole subtree',
  },
  'err.development.approverNotAbove': {
    zh: '“{org}”不是该党支部的上级党组织，不能办理“{step}”{cite}',
    en: '“{org}” is not above this branch and cannot decide “{step}”{cite}',
  },
  'err.development.approverDissolved': {
    zh: '“{org}”已撤销，不能办理“{step}”{cite}',
    en: '“{org}” is dissolved and cannot decide “{step}”{cite}',
  },
  'err.development.approverExcluded': {
    zh: '“{org}”是{what}，不能办理“{step}”：村、社区党组织和临时党组织不能审批发展党员{cite}',
    en: '“{org}” is a {what} and cannot decide “{step}”: village and community organisations and temporary ones cannot approve{cite}',
  },
  'err.development.approverNoAuthority': {
    zh: '“{org}”没有审批发展党员的权限，不能办理“{step}”：请由具有审批权限的基层党委办理，或由上级在组织设置中授予权限{cite}',
    en: '“{org}” has no authority to approve member development and cannot decide “{step}”: a base committee with the authority must, or the level above grants it in the organisation settings{cite}',
  },
  'err.development.noApprover': {
    zh: '该党支部上级没有可以办理“{step}”的党组织：请上级组织部门为基层党委授予审批发展党员的权限{cite}',
    en: 'No organisation above this branch may decide “{step}”: the organisation department above must grant a base committee the authority{cite}',
  },
  'err.development.approverGrantType': {
    zh: '“{org}”是{type}，只有基层党委（党工委）可以具有审批发展党员的权限{cite}',
    en: '“{org}” is a {type}: only a base committee (or working committee) may hold the authority to approve{cite}',
  },
  'err.development.approverGrantExcluded': {
    zh: '“{org}”是{what}，不能具有审批发展党员的权限{cite}',
    en: '“{org}” is a {what} and may not hold the authority to approve member development{cite}',
  },
  'err.org.authorityFromAbove': {
    zh: '审批发展党员的权限由上级党组织授予或收回，不能由本组织自行设置',
    en: 'The authority to approve member development is granted or withdrawn by the level above, not by the organisation itself',
  },
  'err.development.birthDateMissing': {
    zh: '未登记出生日期，无法核对是否年满十八周岁，请先在党员名册中补充出生日期{cite}',
    en: 'No date of birth is registered, so the minimum age cannot be checked: add it in the roster first{cite}',
  },
  'err.development.underAge': {
    zh: '申请入党须年满{age}周岁：出生日期 {birthDate}，申请日 {on} 未满{age}周岁{cite}',
    en: 'Applicants must be at least {age}: born {birthDate}, not {age} on {on}{cite}',
  },
  'err.development.talkLate': {
    zh: '谈话日期 {on} 晚于申请后{months}个月的期限 {due}{cite}',
    en: 'The talk on {on} is after the {months}-month limit ({due}){cite}',
  },
  'err.development.activistEarly': {
    zh: '申请（{appliedOn}）后不满{months}个月即确定为入党积极分子，按地方规定 {earliest} 起{cite}',
    en: 'Confirmed as an activist less than {months} months after the application ({appliedOn}); the local rule says from {earliest}{cite}',
  },
  'err.development.mentorsCount': {
    zh: '培养联系人应为{min}至{max}名正式党员，现填写{count}名{cite}',
    en: 'An activist has {min} to {max} full-member mentors, not {count}{cite}',
  },
  'err.development.activistTooSoon': {
    zh: '确定为入党积极分子（{since}）满{years}年后方可列为发展对象，{on} 尚未满{years}年，最早 {earliest}{cite}',
    en: 'A candidate must have been an activist (since {since}) for {years} year(s): not on {on}, from {earliest}{cite}',
  },
  'err.development.sponsorsCount': {
    zh: '入党介绍人应为{count}名正式党员，现填写{given}名{cite}',
    en: 'A candidate has {count} full-member sponsors, not {given}{cite}',
  },
  'err.development.reviewResult': {
    zh: '请填写政治审查的结论（通过或未通过）',
    en: 'Give the outcome of the political review (passed or not)',
  },
  'err.development.reviewFailed': {
    zh: '政治审查未通过，不能继续发展程序{cite}',
    en: 'The political review was not passed: the procedure cannot go on{cite}',
  },
  'err.development.reviewNotPassed': {
    zh: '政治审查未通过或未完成，不能发展入党{cite}',
    en: 'No admission without a passed political review{cite}',
  },
  'err.development.trainingShort': {
    zh: '集中培训应不少于{days}天或{hours}学时，现为{givenDays}天、{givenHours}学时{cite}',
    en: 'Intensive training takes at least {days} days or {hours} class hours, not {givenDays} days and {givenHours} hours{cite}',
  },
  'err.development.noticeDates': {
    zh: '请填写公示的起止日期：结束日期不早于开始日期、不晚于登记日期，开始日期不早于上一步骤',
    en: 'Give the notice’s first and last day: the last not before the first nor after the step, the first not before the previous step',
  },
  'err.development.noticeShort': {
    zh: '公示应不少于{days}个工作日（按法定节假日和调休计算）：{from}至{to}仅{count}个工作日，应至少公示到 {earliest}{cite}',
    en: 'The notice lasts at least {days} working days (official holidays and make-up days counted): {from} to {to} has {count}, it must run to {earliest}{cite}',
  },
  'err.development.leavingSoon': {
    zh: '将于 {leavingOn} 离开工作单位，在预审后{months}个月内，一般不办理接收{cite}',
    en: 'Leaves the unit on {leavingOn}, within {months} months of the pre-review: normally not admitted{cite}',
  },
  'err.development.approvalLate': {
    zh: '审批日期 {on} 超过支部大会通过后{months}个月（{due}），属特殊情况{cite}',
    en: 'Approved on {on}, more than {months} months after the branch vote ({due}): a special case{cite}',
  },
  'err.development.approvalTooLate': {
    zh: '支部大会（{voteOn}）通过后已超过{max}个月（{deadline}）未审批，按地方规定须重新履行发展程序{cite}',
    en: 'More than {max} months ({deadline}) since the branch vote ({voteOn}): the local rule asks for the procedure again{cite}',
  },
  'err.development.probationNotOver': {
    zh: '预备期自支部大会通过之日（{voteOn}）起计算，至 {end} 期满，期满前不能讨论转正或延长{cite}',
    en: 'Probation runs from the branch vote ({voteOn}) to {end}: nothing is decided before it ends{cite}',
  },
  'err.development.fullVoteLate': {
    zh: '转正讨论日期 {on} 超过预备期满（{end}）后{months}个月（{due}）{cite}',
    en: 'The vote on {on} is more than {months} months after the probation ended ({end}, due {due}){cite}',
  },
  'err.development.extendOnce': { zh: '预备期只能延长一次{cite}', en: 'Probation is extended once only{cite}' },
  'err.development.extendMonths': {
    zh: '延长预备期应为{min}至{max}个月，现为{months}个月{cite}',
    en: 'Probation is extended by {min} to {max} months, not {months}{cite}',
  },
  'err.development.notFound': {
    zh: '发展党员档案（编号 {id}）不存在或不在管理范围内',
    en: 'Development case {id} does not exist or is outside your scope',
  },
  'err.development.openCase': {
    zh: '“{name}”已有进行中的发展党员档案',
    en: '“{name}” already has a development case in progress',
  },
  'err.development.notApplicant': {
    zh: '“{name}”的人员类别为{status}：发展党员档案从入党申请开始，只为入党申请人建立',
    en: '“{name}” is {status}: a development case starts with the application, for applicants only',
  },
  'err.development.statusByCase': {
    zh: '“{name}”的发展党员程序正在进行中，人员类别（{status}）只能通过发展党员档案的步骤变更',
    en: '“{name}” is in a development case: the status ({status}) changes only through its steps',
  },
  'err.development.revoteTooSoon': {
    zh: '支部大会于 {voteOn} 讨论通过，审批期限 {months} 个月至 {due} 尚未届满，不需要重新讨论{cite}',
    en: 'The branch voted on {voteOn}; the {months} months for the approval run to {due}: no re-vote yet{cite}',
  },
  'err.development.revoteTooLate': {
    zh: '支部大会于 {voteOn} 讨论通过，超过 {max} 个月（{deadline}）未审批，应重新启动发展程序{cite}',
    en: 'The branch voted on {voteOn}; unapproved past {max} months ({deadline}), the procedure restarts{cite}',
  },
  'err.development.restartTooSoon': {
    zh: '支部大会于 {voteOn} 讨论通过，至 {deadline}（{max} 个月）前仍可审批或重新讨论，不能重新启动{cite}',
    en: 'The branch voted on {voteOn}; until {deadline} ({max} months) it may still be approved or re-voted{cite}',
  },
  'err.development.terminateReason': {
    zh: '终止培养须填写理由',
    en: 'Stopping the development needs a reason',
  },
  'err.development.backfillStatus': {
    zh: '人员类别为{status}，补录该阶段的发展档案须为{want}',
    en: 'The person is {status}; a case opened at this stage needs {want}',
  },
  'err.development.backfillDates': {
    zh: '补录{stage}阶段须填写该阶段已知的日期',
    en: 'Opening a case at the {stage} stage needs its known dates',
  },
  'err.development.backfillOrder': {
    zh: '日期 {on} 早于前一日期 {before}',
    en: 'The date {on} is before the previous one, {before}',
  },
  // --- Assessment (考核, issue 12): index systems, scoring, grading, member appraisal
  'err.assess.idEmpty': { zh: '指标“{path}”缺少编号', en: 'Indicator “{path}” has no id' },
  'err.assess.idDuplicate': {
    zh: '指标“{path}”的编号 {id} 与“{other}”重复',
    en: 'Indicator “{path}” has the id {id} of “{other}”',
  },
  'err.assess.sumMismatch': {
    zh: '“{path}”的下级指标分值合计 {sum} 分，应等于其分值 {max} 分',
    en: 'The indicators under “{path}” add up to {sum} points; they should add up to its {max}',
  },
  'err.assess.leafNoMethod': {
    zh: '末级指标“{path}”未设置评分方式',
    en: 'The indicator “{path}” has no children and no scoring method',
  },
  'err.assess.branchWithMethod': {
    zh: '指标“{path}”有下级指标，按下级得分汇总，不能另设评分方式',
    en: 'The indicator “{path}” sums its children: it takes no scoring method of its own',
  },
  'err.assess.maxInvalid': {
    zh: '指标“{path}”的分值 {max} 不对：应为大于 0 的数（一票否决项为 0）',
    en: 'The indicator “{path}” has {max} points: it should be more than 0 (0 for a veto)',
  },
  'err.assess.vetoMax': {
    zh: '一票否决项“{path}”不计分，分值应为 0（现为 {max}）',
    en: 'The veto “{path}” scores no points: its max should be 0, not {max}',
  },
  'err.assess.gradesEmpty': {
    zh: '指标“{path}”按等次评分，但未设置等次',
    en: 'The indicator “{path}” is graded but has no grades',
  },
  'err.assess.gradePoints': {
    zh: '指标“{path}”的等次“{grade}”对应 {points} 分，应在 0 至 {max} 分之间',
    en: 'Grade “{grade}” of “{path}” gives {points} points; it should be 0 to {max}',
  },
  'err.assess.evidenceGradeUnknown': {
    zh: '指标“{path}”要求佐证的等次“{grade}”不在等次列表中',
    en: 'The grade “{grade}” that needs evidence in “{path}” is not one of its grades',
  },
  'err.assess.capInvalid': {
    zh: '加减分指标“{path}”的单项上限和累计上限应大于 0',
    en: 'The caps per item and in total of “{path}” should be more than 0',
  },
  'err.assess.inputMissing': { zh: '指标“{path}”尚未评分', en: 'The indicator “{path}” is not scored yet' },
  'err.assess.inputKind': {
    zh: '指标“{path}”的评分方式为 {method}，提交的评分与之不符',
    en: 'The indicator “{path}” is scored by {method}; the score given is of another kind',
  },
  'err.assess.rateRange': {
    zh: '指标“{path}”的比率 {rate} 不对，应在 0 至 1 之间',
    en: 'The rate {rate} of “{path}” should be between 0 and 1',
  },
  'err.assess.gradeUnknown': {
    zh: '指标“{path}”没有“{grade}”这一等次（可选：{grades}）',
    en: 'The indicator “{path}” has no grade “{grade}” (grades: {grades})',
  },
  'err.assess.evidenceRequired': {
    zh: '指标“{path}”评为“{grade}”须附佐证材料',
    en: 'Grading “{path}” as “{grade}” needs evidence',
  },
  'err.assess.itemReason': {
    zh: '指标“{path}”第 {n} 项加减分未写明理由',
    en: 'Item {n} of “{path}” has no reason',
  },
  'err.assess.itemEvidence': {
    zh: '指标“{path}”第 {n} 项加减分未附佐证材料',
    en: 'Item {n} of “{path}” has no evidence',
  },
  'err.assess.vetoFinder': {
    zh: '一票否决“{path}”（{condition}）须写明认定单位和理由',
    en: 'The veto “{path}” ({condition}) needs who found it and why',
  },
  'err.assess.bandsInvalid': { zh: '等次分数线设置有误：{detail}', en: 'The grade bands are not valid: {detail}' },
  'err.assess.levelUnknown': {
    zh: '“{name}”的等次 {level} 不在等次设置中',
    en: 'The grade {level} of “{name}” is not one of the bands',
  },
  'err.assess.quotaExceeded': {
    zh: '{level}最多占参评组织的 {share}（{assessed} 个中至多 {allowed} 个），现评定 {count} 个',
    en: '{level} is at most {share} of those assessed ({allowed} of {assessed}); {count} were given it',
  },
  'err.assess.memberUnknown': {
    zh: '“{member}”不在本次参加评议的党员名单中',
    en: '“{member}” is not among the members appraised',
  },
  'err.assess.memberTwice': { zh: '“{member}”的评议等次重复录入', en: '“{member}” is graded twice' },
  'err.assess.memberMissing': { zh: '“{member}”尚未评定等次', en: '“{member}” has no grade yet' },
  'err.assess.excellentOverShare': {
    zh: '评为优秀的党员 {count} 名，超过参评党员 {members} 名的{share}（至多 {max} 名）',
    en: '{count} members graded excellent: more than {share} of the {members} appraised (at most {max})',
  },
  'err.assess.handlingNotAllowed': {
    zh: '不合格党员处置记录处于“{state}”时不能“{event}”',
    en: 'A handling record that is “{state}” cannot take “{event}”',
  },
  'err.assess.handlingNeeds': {
    zh: '“{event}”须填写{field}',
    en: '“{event}” needs {field}',
  },
  'err.assess.weakNoReason': {
    zh: '请至少选择一项软弱涣散情形、填写其他情形或关联考核结果',
    en: 'Name at least one situation, another reason or an assessment result',
  },
  'err.assess.weakReasonUnknown': { zh: '未知的软弱涣散情形“{code}”', en: 'Unknown situation “{code}”' },
  'err.assess.weakMeasuresOpen': {
    zh: '尚有 {count} 项整顿措施未销号（如“{first}”），不能通过转化验收',
    en: '{count} rectification measures are still open (e.g. “{first}”): the acceptance check cannot pass',
  },
  'err.assess.weakLifted': {
    zh: '该组织已于 {on} 通过转化验收，不能再登记验收',
    en: 'The organisation passed its acceptance check on {on}; no further check is taken',
  },
  'err.assess.weakAssessmentNotLow': {
    zh: '“{round}”中该组织得分 {total}，不低于 {threshold} 分且未被一票否决，不能作为认定依据',
    en: 'In “{round}” the organisation scored {total}, not below {threshold} and not vetoed: not a reason to designate',
  },
  'err.assess.weakCheckBefore': {
    zh: '验收日期 {on} 早于认定日期 {designatedOn}',
    en: 'The check date {on} is before the designation date {designatedOn}',
  },
  // --- 书记抓基层党建述职评议 (issue 12; src/domain/assess/review.ts)
  'err.assess.reviewGradesInvalid': {
    zh: '测评等次须为 2 至 10 个（现为 {count} 个）',
    en: 'A poll needs 2 to 10 grades ({count} given)',
  },
  'err.assess.reviewGradeDuplicate': {
    zh: '测评等次“{grade}”为空或重复',
    en: 'The grade “{grade}” is empty or repeated',
  },
  'err.assess.reviewPollCount': {
    zh: '“{grade}”的票数须为不小于 0 的整数',
    en: 'The count of “{grade}” must be a whole number of 0 or more',
  },
  'err.assess.reviewPollAttendance': {
    zh: '实参加测评人数 {tookPart} 超过应参加人数 {shouldAttend}',
    en: '{tookPart} took part, more than the {shouldAttend} who should attend',
  },
  'err.assess.reviewPollOver': {
    zh: '“{grade}”的票数 {count} 超过实参加测评人数 {tookPart}',
    en: 'The count of “{grade}” ({count}) exceeds the {tookPart} who took part',
  },
  'err.assess.reviewPollSumOver': {
    zh: '各等次票数合计 {sum} 超过实参加测评人数 {tookPart}',
    en: 'The counts add up to {sum}, more than the {tookPart} who took part',
  },
  'err.assess.reviewGradeUnknown': {
    zh: '没有“{grade}”这一等次（可选：{grades}）',
    en: 'No grade “{grade}” (grades: {grades})',
  },
  'err.review.notFound': { zh: '未找到述职评议（编号 {id}）', en: 'Secretary review {id} not found' },
  'err.review.orgNotInRound': {
    zh: '述职评议（编号 {id}）不包括该组织（编号 {org}）',
    en: 'Review {id} does not include organisation {org}',
  },
  'err.review.exists': {
    zh: '“{org}”已有{year}年度的述职评议“{name}”（编号 {id}）',
    en: '“{org}” has a {year} secretary review “{name}” already (no. {id})',
  },
  'err.review.issuerType': {
    zh: '述职评议由党委（党工委）组织，“{org}”不是党委',
    en: 'A secretary review is held by a Party committee; “{org}” is not one',
  },
  'err.review.notBelow': {
    zh: '只能评议本组织下级党组织的书记：“{org}”不在“{issuer}”之下',
    en: 'Only secretaries of organisations below yours: “{org}” is not below “{issuer}”',
  },
  'err.review.issuerOnly': {
    zh: '只有组织述职评议的“{org}”及其上级可以点评、登记测评、评定等次和列出问题',
    en: 'Only “{org}”, which holds the review, or an organisation above it comments, records polls, grades and lists problems',
  },
  'err.review.reportOnly': {
    zh: '述职报告由“{org}”或组织评议的“{issuer}”填写',
    en: 'The report is written by “{org}” or by “{issuer}”, which holds the review',
  },
  'err.review.reportFileType': {
    zh: '述职报告文件须为 Word（.docx）或 PDF：“{file}”不是',
    en: 'A written report is uploaded as Word (.docx) or PDF; “{file}” is neither',
  },
  // --- 述职评议: the democratic poll imported from a workbook (src/domain/assess/review-ballots.ts)
  'err.zip.reviewPoll': { zh: '民主测评票数文件', en: 'the poll workbook' },
  'err.review.import.count': {
    zh: '“{text}”不是人数或票数：请填写不小于 0 的整数',
    en: '“{text}” is not a count: write a whole number of 0 or more',
  },
  'err.review.import.countMissing': { zh: '请填写{what}', en: 'Fill in {what}' },
  'err.review.import.orgMissing': {
    zh: '请填写单位名称、组织编码或书记姓名',
    en: 'Give the organisation’s name, its code or its secretary’s name',
  },
  'err.review.import.voterColumn': {
    zh: '第{column}列“{header}”记录的是投票人：本平台不收集记名投票，请删除该列后再导入（民主测评只按等次统计票数）',
    en: 'Column {column} “{header}” names the voter: the platform never collects a named vote; delete the column and import again (the poll is counted per grade only)',
  },
  'err.review.import.columnNotOrg': {
    zh: '列“{header}”不是本次述职评议的组织（本次述职评议：{orgs}）；序号、票号、备注列可以保留',
    en: 'The column “{header}” is not an organisation of this review (it covers {orgs}); 序号, 票号 and 备注 columns may stay',
  },
  'err.review.import.sameOrgAsColumn': {
    zh: '与第{column}列是同一组织“{org}”',
    en: 'The same organisation “{org}” as column {column}',
  },
  'err.review.import.sameOrgAsRow': {
    zh: '与第{row}行是同一组织“{org}”',
    en: 'The same organisation “{org}” as row {row}',
  },
  'err.review.import.gradeText': {
    zh: '“{text}”不是测评等次（可填：{grades}；弃权可填“弃权”或留空）',
    en: '“{text}” is not a grade (grades: {grades}; leave it empty or write 弃权 to abstain)',
  },
  'err.review.import.orgUnknown': {
    zh: '“{name}”不是本次述职评议的组织（本次述职评议：{orgs}）',
    en: '“{name}” is not an organisation of this review (it covers {orgs})',
  },
  'err.review.import.secretaryMismatch': {
    zh: '“{name}”不是“{org}”的书记（现任书记：{current}）',
    en: '“{name}” is not the secretary of “{org}” (the secretary is {current})',
  },
  'err.review.import.notRecognised': {
    zh: '没有找到民主测评票数：请用汇总表（每个单位一行，列为单位、应到人数、实到人数和各等次：{grades}）或选票表（每张选票一行，每个被测评组织一列，列名为组织名称，单元格填等次）',
    en: 'No poll found: use a tally sheet (one row per organisation with 单位, 应到人数, 实到人数 and a column per grade: {grades}) or ballots (one row per ballot, one column per organisation named by it, the grade in the cell)',
  },
  'err.review.import.ballotsOverShould': {
    zh: '“{org}”的选票 {ballots} 张，多于应参加人数 {shouldAttend}',
    en: '{ballots} ballots for “{org}”, more than the {shouldAttend} who should attend',
  },
  'err.review.import.hasErrors': {
    zh: '民主测评票数表有 {n} 处问题，未导入任何票数；请按提示修改后重新导入',
    en: 'The poll workbook has {n} problem(s); no count was imported. Correct them and import again',
  },
  'label.review.import.totalRow': { zh: '合计行', en: 'a total line' },
  'notice.review.import.shouldAttendAssumed': {
    zh: '选票表中没有应参加人数：“{org}”按已登记的应参加人数或实参加人数（{shouldAttend} 人）计；可在导入时填写应参加人数',
    en: 'Ballots give no number who should attend: “{org}” counts {shouldAttend} (as recorded before, or those who took part); give it when importing',
  },
  // --- 民主评议党员 and 软弱涣散 through the API (issue 12)
  'err.appraisal.notFound': { zh: '未找到民主评议（编号 {id}）', en: 'Member appraisal {id} not found' },
  'err.appraisal.exists': {
    zh: '“{org}”{year}年度的民主评议已开启（编号 {id}）',
    en: 'The {year} appraisal of “{org}” is open already (no. {id})',
  },
  'err.appraisal.notBranch': {
    zh: '“{org}”不是党支部：民主评议党员由党员所在的党支部组织',
    en: '“{org}” is not a branch: members are appraised by their branch',
  },
  'err.appraisal.noMembers': {
    zh: '“{org}”截至 {asOf} 没有正式党员或预备党员，无法开启民主评议',
    en: '“{org}” has no full or probationary member as of {asOf}',
  },
  'err.appraisal.asOfYear': {
    zh: '名单日期 {asOf} 应在 {year} 年或次年',
    en: 'The roster date {asOf} should fall in {year} or the year after',
  },
  'err.appraisal.memberNotFound': {
    zh: '党员（编号 {id}）不在本次民主评议的名单中',
    en: 'Member {id} is not among those appraised',
  },
  'err.appraisal.entryEmpty': {
    zh: '请至少填写自我评价、党员互评或民主测评中的一项',
    en: 'Fill in the self-appraisal, the peer appraisal or the poll',
  },
  'err.appraisal.meetingInvalid': {
    zh: '会议（编号 {id}）不是“{org}”{year}年召开的民主评议党员会议',
    en: 'Meeting {id} is not a member appraisal meeting of “{org}” in {year}',
  },
  'err.appraisal.decidedBefore': {
    zh: '决定日期 {on} 早于名单日期 {asOf}',
    en: 'The decision date {on} is before the roster date {asOf}',
  },
  'err.appraisal.dueBefore': {
    zh: '评定期限 {dueOn} 早于名单日期 {asOf}',
    en: 'The due day {dueOn} is before the roster date {asOf}',
  },
  'err.appraisal.notUnqualified': {
    zh: '“{member}”未被评定为不合格，没有处置记录',
    en: '“{member}” is not graded unqualified and has no handling record',
  },
  'err.weak.notFound': { zh: '未找到软弱涣散认定（编号 {id}）', en: 'Designation {id} not found' },
  'err.weak.exists': {
    zh: '“{org}”已被认定为{year}年度软弱涣散基层党组织（编号 {id}）',
    en: '“{org}” is designated weak and lax for {year} already (no. {id})',
  },
  'err.weak.notBelow': {
    zh: '只能认定本组织下级的党组织：“{org}”不在“{designator}”之下',
    en: 'Only an organisation below yours can be designated: “{org}” is not below “{designator}”',
  },
  'err.weak.designatorOnly': {
    zh: '只有认定单位“{org}”及其上级可以登记整顿措施、挂点领导和转化验收',
    en: 'Only “{org}”, which designated it, or an organisation above it records measures, leaders and checks',
  },
  'err.weak.designatorType': {
    zh: '软弱涣散基层党组织由党委（党工委）认定，“{org}”不是党委',
    en: 'Weak and lax organisations are designated by a Party committee; “{org}” is not one',
  },
  'err.weak.roundInvalid': {
    zh: '考核（编号 {id}）中没有“{org}”已确定的结果',
    en: 'Round {id} holds no final result of “{org}”',
  },
  'err.weak.dueBefore': {
    zh: '整顿期限 {due} 早于认定日期 {on}',
    en: 'The rectification deadline {due} is before the designation date {on}',
  },
  // --- Assessment rounds (考核, issue 12): storage, workflow and scoring through the API
  'err.assess.roundFinal': {
    zh: '考核结果已确定，不能再变更阶段；确需修改请登记修订',
    en: 'The round is final: it moves no more; record a revision to change a result',
  },
  'err.assess.roundOutOfOrder': {
    zh: '考核当前处于“{from}”阶段，下一步只能进入“{next}”，不能直接进入“{to}”',
    en: 'The round is at “{from}”: the next step is “{next}”, not “{to}”',
  },
  'err.assess.datesOrder': {
    zh: '考核日期顺序不对：应为自评截止（{selfDue}）≤ 评分截止（{scoreDue}）≤ 公示开始（{publicityFrom}）≤ 公示结束（{publicityTo}）',
    en: 'The dates are out of order: self-assessment due ({selfDue}) ≤ scoring due ({scoreDue}) ≤ publicity from ({publicityFrom}) ≤ publicity to ({publicityTo})',
  },
  'err.assess.cutoffAfterScoring': {
    zh: '自动计分的截止日期（{cutoff}）不能晚于评分截止日期（{scoreDue}）',
    en: 'The cut-off of the automatic indicators ({cutoff}) cannot be after the scoring due day ({scoreDue})',
  },
  'err.assess.systemNotFound': { zh: '未找到考核指标体系（编号 {id}）', en: 'Index system {id} not found' },
  'err.assess.roundNotFound': { zh: '未找到考核（编号 {id}）', en: 'Assessment round {id} not found' },
  'err.assess.systemInvalid': {
    zh: '指标体系有 {count} 处问题：{first}',
    en: 'The index system has {count} problem(s): {first}',
  },
  'err.assess.ownerOnly': {
    zh: '只有“{org}”本单位的账号可以修改或使用该指标体系',
    en: 'Only the accounts of “{org}” may change or use this index system',
  },
  'err.assess.systemPublished': {
    zh: '指标体系已发布，不能再修改；如需调整，请复制一份再改',
    en: 'The index system is published and cannot change; copy it to adjust it',
  },
  'err.assess.systemDraft': {
    zh: '指标体系尚未发布，不能用于考核',
    en: 'The index system is not published yet and cannot be used for a round',
  },
  'err.assess.issuerOnly': {
    zh: '只有考核发起单位“{org}”的账号可以进行此项操作',
    en: 'Only the accounts of “{org}”, which runs the round, may do this',
  },
  'err.assess.noneFound': {
    zh: '没有找到要考核的组织，请选择组织或调整规则',
    en: 'No organisation to assess: pick some or change the rule',
  },
  'err.assess.notBelowIssuer': {
    zh: '“{org}”不是“{issuer}”的下级组织，不能纳入考核',
    en: '“{org}” is not below “{issuer}” and cannot be assessed by it',
  },
  'err.assess.scorerInvalid': {
    zh: '指标“{path}”的评分单位“{org}”应为“{issuer}”或其下级组织，且不能是被考核组织（“{assessed}”）本身或其下级',
    en: 'The scorer “{org}” of “{path}” should be “{issuer}” or below it, and neither an assessed organisation (“{assessed}”) nor below one',
  },
  'err.assess.scorerNotFound': {
    zh: '指标“{path}”的评分单位（编号 {id}）不存在或不在“{issuer}”范围内',
    en: 'The scorer ({id}) of “{path}” does not exist or is not within “{issuer}”',
  },
  'err.assess.notAssessed': {
    zh: '“{org}”不在本次考核的对象中',
    en: '“{org}” is not assessed in this round',
  },
  'err.assess.stateForbids': {
    zh: '考核处于“{state}”阶段，不能{action}',
    en: 'The round is at “{state}”: it cannot {action} now',
  },
  'err.assess.selfOnly': {
    zh: '只有“{org}”本单位的账号可以自评',
    en: 'Only the accounts of “{org}” may assess it themselves',
  },
  'err.assess.scorerOnly': {
    zh: '指标“{path}”由“{scorer}”评分，本单位不能评分',
    en: '“{path}” is scored by “{scorer}”, not by your organisation',
  },
  'err.assess.indicatorUnknown': {
    zh: '本次考核的指标体系中没有编号为“{id}”的末级指标',
    en: 'The round’s index system has no leaf indicator “{id}”',
  },
  'err.assess.autoMeasured': {
    zh: '指标“{path}”按平台记录自动计分，不能手工评分',
    en: '“{path}” is scored from the platform’s records and cannot be scored by hand',
  },
  'err.assess.manualEvidence': {
    zh: '指标“{path}”的数据来源尚未接入平台，手工评分须附佐证材料',
    en: 'The source of “{path}” is not on the platform yet: a score by hand needs evidence',
  },
  'err.assess.pointsRange': {
    zh: '指标“{path}”的得分 {points} 不对，应在 0 至 {max} 分之间',
    en: 'The score {points} of “{path}” should be 0 to {max}',
  },
  'err.assess.vetoReason': {
    zh: '一票否决“{path}”须写明认定理由',
    en: 'The veto “{path}” needs the reason it was found',
  },
  'err.assess.unscored': {
    zh: '还有 {count} 处未评分（如“{org}”的“{path}”），不能结束评分',
    en: '{count} indicator(s) are not scored yet (e.g. “{path}” of “{org}”): scoring cannot close',
  },
  'err.assess.resultsHidden': {
    zh: '考核结果尚未公示，暂不能查看',
    en: 'The results are not public yet',
  },
  'err.assess.objectionNotFound': { zh: '未找到异议（编号 {id}）', en: 'Objection {id} not found' },
  'err.assess.objectionAnswered': { zh: '该异议已答复', en: 'This objection is answered already' },
  'err.assess.objectionOwnOnly': {
    zh: '只有被考核组织“{org}”本单位的账号可以提出异议',
    en: 'Only the accounts of “{org}” may raise an objection to its result',
  },
  'err.assess.revisionSame': {
    zh: '修订内容与现有评分相同，无需修订',
    en: 'The revision changes nothing',
  },
  'label.assess.action.edit': { zh: '修改考核设置', en: 'change its settings' },
  'label.assess.action.selfAssess': { zh: '自评', en: 'take self-assessments' },
  'label.assess.action.score': { zh: '评分', en: 'take scores' },
  'label.assess.action.grade': { zh: '调整等次', en: 'change grades' },
  'label.assess.action.object': { zh: '提出异议', en: 'take objections' },
  'label.assess.action.answer': { zh: '答复异议', en: 'answer objections' },
  'label.assess.action.revise': { zh: '登记修订', en: 'take revisions' },
  'label.assess.action.results': { zh: '查看结果', en: 'show results' },
  'label.assess.measure.tasks.completionRate': { zh: '任务完成率', en: 'Task completion rate' },
  'label.assess.measure.tasks.onTimeRate': { zh: '任务按期完成率', en: 'Tasks done on time' },
  'label.assess.measure.tasks.targetReachedRate': { zh: '量化目标达成率', en: 'Quantitative targets reached' },
  'label.assess.measure.rectify.closedOnTimeRate': { zh: '问题按期整改率', en: 'Problems closed on time' },
  'label.assess.measure.life.complianceRate': { zh: '三会一课落实率', en: '三会一课 compliance' },
  'label.assess.measure.dues.paidOnTimeRate': { zh: '党费按月交纳率', en: 'Dues paid on time' },
  'label.assess.measure.development.gatesKeptRate': { zh: '发展党员程序规范率', en: 'Development gates kept' },
  'label.assess.measure.burden.capsRespected': { zh: '基层减负上限遵守率', en: 'Burden caps respected' },
  'label.assess.measure.village.disclosedOnTimeRate': {
    zh: '四议两公开决议按时公开率',
    en: 'Village decisions disclosed on time',
  },
  'label.assess.explain.auto': {
    zh: '{measure}：截至 {cutoff} 应计 {due} 项、达标 {met} 项，比率 {rate}，得 {points} 分（满分 {max} 分）',
    en: '{measure}: by {cutoff}, {met} of {due} met, rate {rate}: {points} of {max} points',
  },
  'label.assess.explain.autoNone': {
    zh: '{measure}：截至 {cutoff} 没有应计事项，本项不计分，分值由同级已计分指标折算',
    en: '{measure}: nothing fell due by {cutoff}; not scored, its siblings are scaled to its points',
  },
  'label.assess.explain.autoManual': {
    zh: '{measure}：数据来源尚未接入平台，手工评定 {points} 分（满分 {max} 分），佐证：{evidence}',
    en: '{measure}: its source is not on the platform yet; {points} of {max} points by hand, evidence: {evidence}',
  },
  'label.assess.explain.graded': {
    zh: '评为“{grade}”，得 {points} 分（满分 {max} 分）',
    en: 'Graded “{grade}”: {points} of {max} points',
  },
  'label.assess.explain.addDeduct': {
    zh: '加分 {added} 分、扣分 {deducted} 分（{items} 项），得 {points} 分（满分 {max} 分）',
    en: '{added} added, {deducted} deducted ({items} items): {points} of {max} points',
  },
  'label.assess.explain.veto': {
    zh: '一票否决（{condition}）：{by}认定，理由：{reason}；等次定为最低',
    en: 'Veto ({condition}) found by {by}: {reason}; the lowest grade',
  },
  'label.assess.explain.vetoNone': {
    zh: '未发现“{condition}”情形',
    en: 'No “{condition}” found',
  },
  'label.assess.explain.sum': {
    zh: '下级指标得 {scored} 分（计分指标满分 {of} 分），折合 {points} 分（满分 {max} 分）',
    en: 'Its children gave {scored} of {of} points: {points} of {max}',
  },
  'label.assess.explain.unscored': { zh: '未评分', en: 'Not scored' },
  'label.assess.tieBreak': {
    zh: '按总分从高到低排名；总分相同的，{secondary}再按单位名称排序；一票否决的排在最后',
    en: 'Ranked by total, highest first; ties {secondary}then by name; vetoed organisations last',
  },
  'label.assess.tieBreakSecondary': {
    zh: '先比较“{indicator}”得分，',
    en: 'by the points of “{indicator}” first, ',
  },
} as const satisfies Record<string, MessageText>;

export type MessageKey = keyof typeof MESSAGES;

/** A message by key, for a throw or a label: `msg('err.org.notFound', { id })`. */
export function msg(key: MessageKey, params?: MessageParams): Msg {
  return params === undefined ? { key } : { key, params };
}

export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(MESSAGES, key);
}

/** A message as it arrives over the wire (a client cannot trust its shape): any key, any parameters. */
export type WireMsg = { readonly key: string; readonly params?: Readonly<Record<string, unknown>> | undefined };

function isWireMsg(v: unknown): v is WireMsg {
  return typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string';
}

function isText(v: unknown): v is MessageText {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as MessageText).zh === 'string' &&
    typeof (v as MessageText).en === 'string'
  );
}

/** The placeholder names of a text, sorted and unique: '{a}{b}{a}' → ['a', 'b']. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]!))].sort();
}

/**
 * What is wrong with a message table (this one, or the web's): a text missing or empty in a language, or
 * placeholders that differ between the languages. Empty when the table is whole.
 */
export function tableProblems(table: Readonly<Record<string, MessageText>>): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(table)) {
    if (typeof text.zh !== 'string' || text.zh.trim() === '') problems.push(`${key}: zh is missing or empty`);
    if (typeof text.en !== 'string' || text.en.trim() === '') problems.push(`${key}: en is missing or empty`);
    if (typeof text.zh === 'string' && typeof text.en === 'string') {
      const zh = placeholdersOf(text.zh).join(',');
      const en = placeholdersOf(text.en).join(',');
      if (zh !== en) problems.push(`${key}: placeholders differ (zh {${zh}}, en {${en}})`);
    }
  }
  return problems;
}

/** Where a renderer finds a key's text: this table, or a table that holds it too (the web's, which merges it). */
export type MessageLookup = (key: string, lang: MessageLang) => string | undefined;

const ownLookup: MessageLookup = (key, lang) => (isMessageKey(key) ? MESSAGES[key][lang] : undefined);

function renderParam(v: unknown, lang: MessageLang, lookup: MessageLookup): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map((x) => renderParam(x, lang, lookup));
    const ofMessages = v.some(isWireMsg);
    return parts.join(ofMessages ? (lang === 'zh' ? '；' : '; ') : lang === 'zh' ? '、' : ', ');
  }
  if (isWireMsg(v)) return renderWith(v, lang, lookup);
  if (isText(v)) return lang === 'zh' ? v.zh : v.en;
  return v === null || v === undefined ? '' : String(v);
}

function renderWith(m: WireMsg, lang: MessageLang, lookup: MessageLookup): string {
  const text = lookup(m.key, lang) ?? m.key;
  const params = m.params;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? renderParam(params[name], lang, lookup) : whole,
  );
}

/**
 * A message in a language, its parameters filled (nested messages and vocabulary labels in the same language).
 * Accepts what arrived over the wire too: an unknown key renders as itself.
 */
export function renderMessage(m: Msg | WireMsg, lang: MessageLang, lookup: MessageLookup = ownLookup): string {
  return renderWith(m, lang, lookup);
}

/** The message in Chinese: the text the server puts beside the key (error messages, stored notification titles). */
export function zhOf(m: Msg): string {
  return renderWith(m, 'zh', ownLookup);
}

const BY_CHINESE: ReadonlyMap<string, MessageKey> = new Map(
  (Object.entries(MESSAGES) as [MessageKey, MessageText][])
    .filter(([, t]) => placeholdersOf(t.zh).length === 0)
    .reverse()
    .map(([key, t]) => [t.zh, key]),
);

/**
 * The key whose Chinese text is exactly `text` and has no placeholders: how a message a schema states itself
 * ('任务名称不能为空') is found in the table (the first such key). Null when it is not there.
 */
export function keyOfChinese(text: string): MessageKey | null {
  return BY_CHINESE.get(text) ?? null;
}
