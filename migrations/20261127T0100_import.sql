-- Imports (src/import): an organisation an import creates is known by its name and country within
-- that import's source, so running the import again finds it instead of creating it twice, also
-- when two imports run at once. Cases already have their own key: (source, source_key).
create unique index organisations_import_key_idx on organisations (source, name, country) where source like 'import:%';
