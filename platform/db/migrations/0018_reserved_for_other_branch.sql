-- PLACEHOLDER, NOT A MIGRATION: version 18 belongs to another branch's migration, and the loader
-- refuses gaps, so this branch (whose test accounts are 0019) cannot start without an 18. When the
-- branches meet, delete this file and keep the real 0018. A database migrated by this branch alone has
-- 18 recorded under this name and would refuse the real one (MIGRATION_CHANGED): use only throwaway ones.
SELECT 1;
