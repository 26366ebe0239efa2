import type { z } from 'zod';

/**
 * zod's messages in plain Chinese. zod's own zh-CN locale leaves English in them ("期望 string，实际接收 undefined",
 * "数值过大：期望 string <=200 字符"); these say what is wrong the way the interface does. A message a schema states
 * itself ('编号超出范围') takes precedence over these.
 */
const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  date: '日期',
  array: '列表',
  object: '对象',
  null: '空值',
  undefined: '空',
};

const FORMAT_NAMES: Record<string, string> = {
  email: '邮箱地址',
  url: '网址',
  date: '日期（YYYY-MM-DD）',
  datetime: '日期时间',
  time: '时间',
  uuid: '编号',
  regex: '内容',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? '规定的类型';
}

function tooBig(issue: { origin: string; maximum: number | bigint; inclusive?: boolean }): string {
  const max = String(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `不能超过 ${max} 个字`;
    case 'array':
    case 'set':
    case 'map':
      return `不能超过 ${max} 项`;
    case 'file':
      return `文件不能超过 ${max} 字节`;
    case 'date':
      return '日期太晚';
    default:
      return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
  }
}

function tooSmall(issue: { origin: string; minimum: number | bigint; inclusive?: boolean }): string {
  const min = String(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return min === '1' ? '不能为空' : `至少 ${min} 个字`;
    case 'array':
    case 'set':
    case 'map':
      return min === '1' ? '至少选择一项' : `至少 ${min} 项`;
    case 'file':
      return '文件是空的';
    case 'date':
      return '日期太早';
    default:
      return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
  }
}

export const zodChineseErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必须填写' : `应为${typeName(issue.expected)}`;
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      return `${FORMAT_NAMES[issue.format] ?? '格式'}不正确`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `应为 ${String(issue.values[0])}`
        : `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `含有不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '格式不正确';
    default:
      return '无效';
  }
};
