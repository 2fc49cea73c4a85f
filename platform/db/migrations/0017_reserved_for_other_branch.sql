-- PLACEHOLDER, NOT A MIGRATION: version 17 belongs to another branch's migration, and the loader
-- refuses gaps, so this branch (whose votes are 0018) cannot start without a 17. When the two branches
-- meet, delete this file and keep the real 0017. A database migrated by this branch alone has 17
-- recorded under this name and would refuse the real one (MIGRATION_CHANGED): use only throwaway ones.
SELECT 1;
