-- Support's search: trigram indexes for names, unaccent to fold accents. Both are trusted extensions (PG 13+), so
-- the database's owner role (not a superuser) may create them, on the embedded cluster and on a deployment's server.
create extension if not exists pg_trgm;--> statement-breakpoint
create extension if not exists unaccent;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); an index needs an IMMUTABLE function, with the
-- dictionary named explicitly so the result cannot depend on search_path.
create or replace function search_fold(value text) returns text
  language sql immutable parallel safe strict
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
