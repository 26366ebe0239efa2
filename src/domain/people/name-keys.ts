import { pinyin } from 'pinyin-pro';

/**
 * Sorting and search keys of a Chinese name: full pinyin without tones (roster order by surname pinyin)
 * and initials (search "zhs" finds 张海生). Surname mode reads 单 as shan, 曾 as zeng.
 */
export function nameKeys(name: string): { pinyin: string; initials: string } {
  const trimmed = name.trim();
  if (!trimmed) return { pinyin: '', initials: '' };
  // The surname is read on its own: in surname mode pinyin-pro still reads 单子强 as dan… when 单子 forms a word.
  const [first, ...rest] = [...trimmed];
  const syllables = !/\p{Script=Han}/u.test(first!)
    ? pinyin(trimmed, { toneType: 'none', mode: 'surname', type: 'array', nonZh: 'consecutive' })
    : [
        ...pinyin(first!, { toneType: 'none', mode: 'surname', type: 'array', nonZh: 'consecutive' }),
        ...(rest.length ? pinyin(rest.join(''), { toneType: 'none', type: 'array', nonZh: 'consecutive' }) : []),
      ];
  const parts = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { pinyin: parts.join(' '), initials: parts.map((p) => p[0]).join('') };
}
