-- The person table's keys made cheaper to build and to keep (issue 8's province seed, issue 9's roster import),
-- measured on the province profile (6.05M people) and on a 50,000-row import:
--
-- A person's ID number, name pinyin and initials are ASCII keys (digits and X; lower-case syllables and spaces):
-- compared byte by byte (collation "C") instead of under the database's collation. Under a libc collation other
-- than C every comparison goes through strcoll and sorts cannot use abbreviated keys: the unique index on ID numbers
-- builds in 5.8 s instead of 9.3 s and the name order index in 7.0 s instead of 9.7 s, and a roster import's
-- inserts are about 17 % faster. The order does not change where the database's collation is C or C.UTF-8; under
-- another one the roll sorts by the pinyin syllables as written (li ming before liang).
alter table person
  alter column id_number type text collate "C",
  alter column name_pinyin type text collate "C",
  alter column name_initials type text collate "C";
-- The pinyin prefix search (LIKE 'zh%') is then served by the name order index, whose first column is now "C".
drop index person_pinyin_prefix;
-- The name's characters split without a regular expression (string_to_array with no delimiter gives the same
-- characters): the GIN index builds in 7.5 s instead of 10.3 s, and every insert computes its entries faster.
create index person_name_chars_split on person using gin (string_to_array(lower(name), null));
drop index person_name_chars;
alter index person_name_chars_split rename to person_name_chars;
-- No statement looks people up by region (the region is the organisation's; a person's copy is the future
-- distribution key, which needs no index of its own): the index only cost every insert.
drop index person_region_idx;
