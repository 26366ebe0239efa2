-- Person names: up to 50 characters (transliterated minority names with their middle dots run long). What a name
-- may contain is checked by the application (src/domain/people/person-name.ts).
alter table person drop constraint person_name_check;
alter table person add constraint person_name_check check (length(name) between 1 and 50);
