import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { openWorld, type World } from './workflow-fixture';

// User management: Administrator only, audited, passwords hashed with scrypt and never returned,
// logged or audited; a Provider-group user is tied to one provider; the last Administrator stays.

let w: World;
afterEach(async () => w?.close());

const PASSWORD = 'correct horse battery';

describe('users handlers', () => {
  it('creates a user who can sign in; the password is stored only as a scrypt hash and appears nowhere else', async () => {
    w = await openWorld();
    const admin = w.core.connect(w.users.admin);
    const created = await admin.call('users-create', { username: 'kim', displayName: 'Kim Keyes', password: PASSWORD, groups: ['Payor', 'Approver'] });
    expect(created).toMatchObject({ username: 'kim', displayName: 'Kim Keyes', groups: ['Approver', 'Payor'], providerId: null, active: true });
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
    expect(Object.keys(created)).not.toContain('passwordHash');

    const session = w.core.connect(null);
    const signedIn = await session.call('session-login', { username: 'kim', password: PASSWORD });
    expect(signedIn.groups).toEqual(['Approver', 'Payor']);
    await expect(w.core.connect(null).call('session-login', { username: 'kim', password: 'wrong password' })).rejects.toMatchObject({ code: 'REFUSED' });

    const dump = JSON.stringify(await snapshot(w.core));
    expect(dump).not.toContain(PASSWORD);
    const hash = await testSql(w).value<string>(`SELECT password_hash AS h FROM app_user WHERE username = 'kim'`);
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    const event = await testSql(w).get<Record<string, string>>(`SELECT username, action, state_after AS after FROM audit_event WHERE entity = 'user' AND action = 'create-user'`);
    expect(event).toMatchObject({ username: 'admin', action: 'create-user' });
    expect(event.after).not.toMatch(/scrypt|password/i);
  });

  it('ties Provider-group users to exactly one provider', async () => {
    w = await openWorld();
    const admin = w.core.connect(w.users.admin);
    await expect(admin.call('users-create', { username: 'portal', displayName: 'Portal', password: PASSWORD, groups: ['Provider'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'providerId' });
    await expect(admin.call('users-create', { username: 'portal', displayName: 'Portal', password: PASSWORD, groups: ['Approver'], providerId: 1 })).rejects.toMatchObject({ field: 'providerId' });
    await expect(admin.call('users-create', { username: 'portal', displayName: 'Portal', password: PASSWORD, groups: ['Provider'], providerId: 77 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const portal = await admin.call('users-create', { username: 'portal', displayName: 'Portal', password: PASSWORD, groups: ['Provider'], providerId: 2 });
    expect(portal).toMatchObject({ providerId: 2, providerName: 'Oak Family Child Care' });
    // Moving them out of the Provider group unties them; back in needs a provider again.
    expect(await admin.call('users-set-groups', { userId: portal.id, groups: ['Approver'] })).toMatchObject({ groups: ['Approver'], providerId: null });
    await expect(admin.call('users-set-groups', { userId: portal.id, groups: ['Provider'] })).rejects.toMatchObject({ field: 'providerId' });
    expect(await admin.call('users-set-groups', { userId: portal.id, groups: ['Provider'], providerId: 1 })).toMatchObject({ providerId: 1 });
    await expect(admin.call('users-create', { username: 'PORTAL', displayName: 'Again', password: PASSWORD, groups: ['Payor'] })).rejects.toMatchObject({ code: 'REFUSED', field: 'username' });
  });

  it('deactivates, reactivates and resets passwords, with audit events; keeps the last Administrator', async () => {
    w = await openWorld();
    const admin = w.core.connect(w.users.admin);
    const approverId = w.users.approver.id;
    expect(await admin.call('users-set-active', { userId: approverId, active: false })).toMatchObject({ active: false });
    await expect(w.core.connect(null).call('session-login', { username: 'approver', password: 'anything at all' })).rejects.toMatchObject({ code: 'REFUSED' });
    await admin.call('users-set-active', { userId: approverId, active: true });
    await admin.call('users-reset-password', { userId: approverId, password: PASSWORD });
    expect(await w.core.connect(null).call('session-login', { username: 'approver', password: PASSWORD })).toMatchObject({ username: 'approver' });

    const before = await snapshot(w.core);
    await expect(admin.call('users-set-active', { userId: w.users.admin.id, active: false })).rejects.toMatchObject({ rule: 'users.last-administrator' });
    await expect(admin.call('users-set-groups', { userId: w.users.admin.id, groups: ['Approver'] })).rejects.toMatchObject({ rule: 'users.last-administrator' });
    await expect(admin.call('users-reset-password', { userId: 4242, password: PASSWORD })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot(w.core)).toEqual(before);

    const actions = await testSql(w).values<string>(`SELECT action FROM audit_event WHERE entity = 'user' AND entity_id = ? ORDER BY id`, [approverId]);

    expect(actions).toEqual(['deactivate-user', 'activate-user', 'reset-password', 'sign-in']);
    const users = await admin.call('users-list', {});
    expect(users.map((u) => u.username)).toEqual(['admin', 'approver', 'approver2', 'finance', 'payor', 'provider', 'provider2']);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|passwordHash/);
  });

  it('is for Administrators only', async () => {
    w = await openWorld();
    const before = await snapshot(w.core);
    for (const name of ['approver', 'payor', 'finance', 'provider']) {
      const c = w.core.connect(w.users[name]);
      await expect(c.call('users-list', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.call('users-create', { username: 'x-user', displayName: 'X', password: PASSWORD, groups: ['Administrator'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.call('users-set-groups', { userId: w.users[name].id, groups: ['Administrator'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(w.core.connect(null).call('users-list', {})).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(await snapshot(w.core)).toEqual(before);
  });
});
