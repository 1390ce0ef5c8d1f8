-- An app migration that needs a table of the crate: it runs only if the crate's migrations ran
-- first (an insert into a table that does not exist fails on both backends).
INSERT INTO auth_rate_limits (key, tat) SELECT 'app', 0 WHERE 1 = 0;
