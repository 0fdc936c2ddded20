import postgres from "postgres";

/**
 * Least privilege. Migrations (and the sandbox gateway, a separate system) run as an OWNER role; requests and
 * jobs run as an APP role that is neither superuser nor owner, with only the grants it needs: data in the
 * app's tables, INSERT and SELECT only on audit_log, the job queue. Created by a superuser once (the embedded
 * default and the test harness do it); grants are re-applied by the owner after every migration.
 */
export interface RoleNames {
  owner: string;
  app: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const APP_SCHEMAS = ["public", "drizzle", "pgboss"];
const OWNED_SCHEMAS = ["public", "drizzle", "pgboss", "sandbox_gateway", "sandbox_gateway_jobs"];

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`bad role or database name ${name}`);
  return name;
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/**
 * As a superuser, on the target database: create (or update the passwords of) the two roles, make the owner
 * own the database and everything the app's migrations made before roles existed. Returns both URLs.
 */
export async function provisionRoles(
  superUrl: string,
  roles: RoleNames,
  passwords: { owner: string; app: string },
): Promise<{ ownerUrl: string; appUrl: string }> {
  const owner = ident(roles.owner);
  const app = ident(roles.app);
  const db = ident(decodeURIComponent(new URL(superUrl).pathname.slice(1)));
  const sql = postgres(superUrl, { max: 1, onnotice: () => undefined });
  try {
    for (const [role, pw] of [[owner, passwords.owner], [app, passwords.app]] as const) {
      const exists = await sql`select 1 from pg_roles where rolname = ${role}`;
      const verb = exists.length ? "alter" : "create";
      await sql.unsafe(`${verb} role ${role} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${pw.replace(/'/g, "''")}'`);
    }
    await sql.unsafe(`alter database ${db} owner to ${owner}`);
    await sql.unsafe(`revoke all on database ${db} from public`);
    await sql.unsafe(`grant connect, temporary on database ${db} to ${app}`);
    // Objects created before the roles existed (an older data folder) move to the owner.
    await sql.unsafe(`
      do $$
      declare r record;
      begin
        for r in select n.nspname from pg_namespace n where n.nspname = any(array['${OWNED_SCHEMAS.join("','")}'])
        loop
          execute format('alter schema %I owner to ${owner}', r.nspname);
        end loop;
        for r in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = any(array['${OWNED_SCHEMAS.join("','")}']) and c.relkind in ('r','p','v','m','S','f')
                    and pg_get_userbyid(c.relowner) <> '${owner}'
                    and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a','i')))
        loop
          execute format('alter %s %I.%I owner to ${owner}',
            case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                           when 'f' then 'foreign table' else 'table' end, r.nspname, r.relname);
        end loop;
        for r in select n.nspname, t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
                  where n.nspname = any(array['${OWNED_SCHEMAS.join("','")}']) and t.typtype = 'e'
                    and pg_get_userbyid(t.typowner) <> '${owner}'
        loop
          execute format('alter type %I.%I owner to ${owner}', r.nspname, r.typname);
        end loop;
        for r in select p.oid::regprocedure as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                  where n.nspname = any(array['${OWNED_SCHEMAS.join("','")}']) and pg_get_userbyid(p.proowner) <> '${owner}'
        loop
          execute format('alter routine %s owner to ${owner}', r.sig);
        end loop;
      end $$;`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { ownerUrl: withCredentials(superUrl, owner, passwords.owner), appUrl: withCredentials(superUrl, app, passwords.app) };
}

/** As the owner, after migrations: exactly what the app role may do. Idempotent. */
export async function grantAppRole(ownerUrl: string, app: string): Promise<void> {
  const role = ident(app);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`create schema if not exists pgboss`);
    for (const s of APP_SCHEMAS) await sql.unsafe(`grant usage on schema ${s} to ${role}`);
    await sql.unsafe(`revoke create on schema public from public`);
    await sql.unsafe(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await sql.unsafe(`grant usage, select on all sequences in schema public to ${role}`);
    // The audit log is append-only for the app: no UPDATE, DELETE or TRUNCATE, whatever a session sets.
    await sql.unsafe(`revoke update, delete, truncate on audit_log from ${role}`);
    await sql.unsafe(`grant select on drizzle.__drizzle_migrations to ${role}`);
    await sql.unsafe(`grant select, insert, update, delete on all tables in schema pgboss to ${role}`);
    await sql.unsafe(`grant usage, select on all sequences in schema pgboss to ${role}`);
    await sql.unsafe(`grant execute on all functions in schema pgboss to ${role}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drop both roles and what they own (test databases at teardown). */
export async function dropRoles(superUrl: string, roles: RoleNames): Promise<void> {
  const sql = postgres(superUrl, { max: 1, onnotice: () => undefined });
  try {
    for (const r of [roles.app, roles.owner]) {
      const exists = await sql`select 1 from pg_roles where rolname = ${ident(r)}`;
      if (exists.length) await sql.unsafe(`drop role ${r}`).catch(() => undefined);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
