-- Member search by name at province scale (issue 8): a name is searched as "contains" (王 finds 王芳 and 李王),
-- and a Chinese name is two to four characters, too short for trigrams (pg_trgm takes nothing from a one- or
-- two-character pattern, so the trigram index never served these searches and a search over a province's six
-- million people read them all). The name's characters, lower-cased, in a GIN index: a search takes the people whose
-- name holds every character of the term, then checks the term itself. The pinyin prefix gets an index of its own
-- (the list's order index cannot serve LIKE under the database's collation). The trigram index goes: nothing uses it.
create index person_name_chars on person using gin (regexp_split_to_array(lower(name), ''));
create index person_pinyin_prefix on person (name_pinyin text_pattern_ops);
drop index person_name_trgm;
