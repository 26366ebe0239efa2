import type { z } from 'zod';
import { keyOfChinese, type MessageKey, type Msg, msg, zhOf } from '../../domain/messages.ts';

/**
 * zod's messages in plain words, by key of the shared message table (src/domain/messages.ts). zod's own zh-CN locale
 * leaves English in them ("期望 string，实际接收 undefined", "数值过大：期望 string <=200 字符"); these say what is wrong
 * the way the interface does. A message a schema states itself ('编号超出范围') takes precedence over these.
 */
const TYPE_KEYS: Record<string, MessageKey> = {
  string: 'val.type.string',
  number: 'val.type.number',
  int: 'val.type.int',
  bigint: 'val.type.int',
  boolean: 'val.type.boolean',
  date: 'val.type.date',
  array: 'val.type.array',
  object: 'val.type.object',
  null: 'val.type.null',
  undefined: 'val.type.undefined',
};

const FORMAT_KEYS: Record<string, MessageKey> = {
  email: 'val.format.email',
  url: 'val.format.url',
  date: 'val.format.date',
  datetime: 'val.format.datetime',
  time: 'val.format.time',
  uuid: 'val.format.uuid',
  regex: 'val.format.regex',
};

/** The fields of a zod issue these messages read; `input` only while zod builds the issue (the error map). */
type IssueFields = {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  values?: readonly unknown[];
  divisor?: number | bigint;
  keys?: readonly string[];
};

function tooBig(issue: IssueFields): Msg {
  const max = String(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return msg('val.tooBig.string', { max });
    case 'array':
    case 'set':
    case 'map':
      return msg('val.tooBig.list', { max });
    case 'file':
      return msg('val.tooBig.file', { max });
    case 'date':
      return msg('val.tooBig.date');
    default:
      return issue.inclusive === false ? msg('val.tooBig.below', { max }) : msg('val.tooBig.max', { max });
  }
}

function tooSmall(issue: IssueFields): Msg {
  const min = String(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return min === '1' ? msg('val.tooSmall.empty') : msg('val.tooSmall.string', { min });
    case 'array':
    case 'set':
    case 'map':
      return min === '1' ? msg('val.tooSmall.pickOne') : msg('val.tooSmall.list', { min });
    case 'file':
      return msg('val.tooSmall.file');
    case 'date':
      return msg('val.tooSmall.date');
    default:
      return issue.inclusive === false ? msg('val.tooSmall.above', { min }) : msg('val.tooSmall.min', { min });
  }
}

/** The message of an issue; `required` decides an invalid type when the input is no longer known. */
function issueMsg(issue: IssueFields, required: boolean): Msg {
  switch (issue.code) {
    case 'invalid_type':
      return required
        ? msg('val.required')
        : msg('val.type', { type: msg(TYPE_KEYS[issue.expected ?? ''] ?? 'val.type.other') });
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      return msg('val.format', { format: msg(FORMAT_KEYS[issue.format ?? ''] ?? 'val.format.other') });
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      return values.length === 1 ? msg('val.oneValue', { value: values[0]! }) : msg('val.oneOf', { values });
    }
    case 'not_multiple_of':
      return msg('val.multipleOf', { divisor: String(issue.divisor) });
    case 'unrecognized_keys':
      return msg('val.unknownKeys', { keys: [...(issue.keys ?? [])] });
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return msg('val.malformed');
    default:
      return msg('val.invalid');
  }
}

export const zodChineseErrors: z.core.$ZodErrorMap = (issue) =>
  zhOf(issueMsg(issue as IssueFields, issue.code === 'invalid_type' && issue.input === undefined));

/**
 * The message of a finished issue (a route's validation error, a safeParse result) by key: the one these messages
 * would give that matches its Chinese text, else a message a schema states itself found in the table, else the text
 * as it is.
 */
export function msgOfIssue(issue: IssueFields & { message: string }): Msg {
  for (const required of [true, false]) {
    const m = issueMsg(issue, required);
    if (zhOf(m) === issue.message) return m;
  }
  const key = keyOfChinese(issue.message);
  return key ? msg(key) : msg('val.text', { text: issue.message });
}
