import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createUser } from "../helpers/factories";
import { testDb } from "../helpers/db";

/** The role the app serves requests as: neither superuser nor owner, audit_log insert and select only. */
const app = postgres(inject("appDatabaseUrl"), { max: 1, onnotice: () => undefined });
afterAll(() => app.end({ timeout: 5 }));

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? "error";
  }
}

describe("the app's database role", () => {
  it("is not a superuser and owns nothing", async () => {
    const [me] = await app`select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname = current_user`;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const owned = await app`select relname from pg_class where relowner = (select oid from pg_roles where rolname = current_user)`;
    expect(owned).toEqual([]);
  });

  it("can insert and read audit rows but never update, delete or truncate them, not even as a replica", async () => {
    const u = await createUser(testDb());
    await app`insert into audit_log (actor_user_id, action, target_type) values (${u.id}, 'test.least_privilege', 'test')`;
    const [row] = await app`select id from audit_log where action = 'test.least_privilege' and actor_user_id = ${u.id}`;
    expect(row).toBeTruthy();
    expect(await codeOf(app`update audit_log set action = 'forged' where id = ${row?.id}`)).toBe("42501");
    expect(await codeOf(app`delete from audit_log where id = ${row?.id}`)).toBe("42501");
    expect(await codeOf(app`truncate audit_log`)).toBe("42501");
    expect(await codeOf(app`set session_replication_role = replica`)).toBe("42501");
    expect(await codeOf(app`alter table audit_log disable trigger audit_log_no_update`)).toBe("42501");
    const [still] = await app`select action from audit_log where id = ${row?.id}`;
    expect(still?.action).toBe("test.least_privilege");
  });

  it("cannot create tables or change the schema", async () => {
    expect(await codeOf(app`create table evil (id int)`)).toBe("42501");
    expect(await codeOf(app`alter table users add column evil int`)).toBe("42501");
  });

  it("has what the app needs: its tables, the migration count and the job queue", async () => {
    expect(await codeOf(app`select count(*) from users`)).toBeNull();
    expect(await codeOf(app`select count(*) from drizzle.__drizzle_migrations`)).toBeNull();
    expect(await codeOf(app`select count(*) from pgboss.job`)).toBeNull();
  });
});
