import { useState, type FormEvent } from 'react';
import { ROLES, UserInput, UserPatch, type Role } from '@sitroom/core';
import { adminApi, type Desk } from '../../admin-api.ts';
import { directoryApi, generatePassword, type Organisation, type User, type UserPatchBody } from '../../admin-directory-api.ts';
import { fieldError, unplacedErrors } from '../../form-errors.ts';
import { useDirectoryT, type DirectoryKey } from '../../i18n/admin-directory.ts';
import { CheckboxGroup, Field, FormActions, FormError, LoadedTable, useFormSubmit, useLoad } from './ui.tsx';
import { SecretBox } from './directory-ui.tsx';

interface Directory {
  users: User[];
  organisations: Organisation[];
  desks: Desk[];
}

const loadDirectory = async (signal: AbortSignal): Promise<Directory> => {
  const [users, organisations, desks] = await Promise.all([
    directoryApi.users(signal), directoryApi.organisations(signal), adminApi.desks(signal),
  ]);
  return { users: users.items, organisations: organisations.items, desks: desks.items };
};

type FieldControlProps = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

const roleKey = (role: Role): DirectoryKey => `role.${role}`;

/** Admin → Users: who signs in, with which roles and desk; create, edit and reset a password. */
export function UsersScreen({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t } = useDirectoryT();
  const directory = useLoad(loadDirectory, onUnauthorized);
  const [editing, setEditing] = useState<string | null>(null);
  const data = directory.state.kind === 'loaded' ? directory.state.data : null;
  const editUser = data?.users.find((user) => user.id === editing);
  const deskName = (deskId: string | null) => data?.desks.find((desk) => desk.id === deskId)?.name;

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('user.intro')}</p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="users-heading">
          <h2 id="users-heading">{t('user.list')}</h2>
          <LoadedTable load={directory} rows={(loaded) => loaded.users} what={t('user.what')} failed={t('dir.loadFailed', { what: t('user.whatTitle') })}
            empty={t('user.empty')} className="admin-table directory-table" testId="user-table"
            columns={[t('user.email'), t('user.name'), t('user.organisation'), t('user.roles'), t('user.desk'), t('dir.actions')]}>
            {(user) => (
              <tr key={user.id} data-testid="user-row">
                <th scope="row" className="cell-wrap">{user.email}</th>
                <td>{user.name}</td>
                <td>{user.organisationName}</td>
                <td>{user.roles.map((role) => t(roleKey(role))).join(', ')}</td>
                <td>{deskName(user.deskId) ?? <span className="muted">{t('dir.none')}</span>}</td>
                <td className="row-actions">
                  {/* aria-label, not a visually-hidden span: an absolutely placed span escapes the scrolling table on a phone. */}
                  <button type="button" className="button button-small" aria-expanded={editing === user.id}
                    aria-label={`${t('user.edit')} ${user.email}`} onClick={() => setEditing(editing === user.id ? null : user.id)}>
                    {t('user.edit')}
                  </button>
                </td>
              </tr>
            )}
          </LoadedTable>
        </section>
        {data && <NewUserForm directory={data} onCreated={directory.reload} onUnauthorized={onUnauthorized} />}
      </div>
      {data && editUser && (
        <EditUserForm key={editUser.id} user={editUser} desks={data.desks} onSaved={directory.reload}
          onClose={() => setEditing(null)} onUnauthorized={onUnauthorized} />
      )}
    </div>
  );
}

function DeskSelect({ props, value, desks, onChange }: {
  props: FieldControlProps; value: string; desks: Desk[]; onChange(value: string): void;
}) {
  const { t } = useDirectoryT();
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t('user.noDesk')}</option>
      {desks.map((desk) => (
        <option key={desk.id} value={desk.id}>
          {desk.name}
        </option>
      ))}
    </select>
  );
}

/** A password field with "Generate": fills a random password and shows it once, to hand to the user. */
function PasswordField({ label, hint, value, error, onChange, generated, onGenerated }: {
  label: string; hint: string; value: string; error: string | undefined; generated: boolean;
  onChange(value: string): void; onGenerated(value: string): void;
}) {
  const { t } = useDirectoryT();
  return (
    <>
      <Field label={label} hint={hint} error={error}>
        {(props) => (
          <div className="password-row">
            <input {...props} type="password" autoComplete="new-password" value={value} onChange={(event) => onChange(event.target.value)} />
            <button type="button" className="button" onClick={() => onGenerated(generatePassword())}>
              {t('user.generate')}
            </button>
          </div>
        )}
      </Field>
      {generated && value && (
        <div className="notice notice-warning" data-testid="generated-password">
          <p>{t('user.generated')}</p>
          <SecretBox label={t('user.generatedLabel')} value={value} testId="generated-password-value" />
        </div>
      )}
    </>
  );
}

function NewUserForm({ directory, onCreated, onUnauthorized }: { directory: Directory; onCreated(): void; onUnauthorized(): void }) {
  const { t } = useDirectoryT();
  const empty = { email: '', name: '', organisationId: '', roles: [] as Role[], deskId: '', password: '' };
  const [form, setForm] = useState(empty);
  const [generated, setGenerated] = useState(false);
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, conflict: 'email' });
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) => setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(UserInput, { ...form, email: form.email.trim(), deskId: form.deskId || null }, async (data) => {
      const user = await directoryApi.createUser(data);
      setForm(empty);
      setGenerated(false);
      onCreated();
      return t('user.created', { email: user.email });
    });
  }

  const shown = ['email', 'name', 'organisationId', 'roles', 'deskId', 'password'];
  return (
    <section className="admin-card" aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">{t('user.add')}</h2>
      {directory.organisations.length === 0 && <p className="empty-note">{t('user.needsOrg')}</p>}
      <form className="admin-form" data-testid="user-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, shown)} />
        <Field label={t('user.email')} error={fieldError(errors, 'email')}>
          {(props) => <input {...props} type="email" autoComplete="off" value={form.email} onChange={(event) => set('email', event.target.value)} />}
        </Field>
        <Field label={t('user.name')} error={fieldError(errors, 'name')}>
          {(props) => <input {...props} autoComplete="off" value={form.name} maxLength={200} onChange={(event) => set('name', event.target.value)} />}
        </Field>
        <Field label={t('user.organisation')} error={fieldError(errors, 'organisationId')}>
          {(props) => (
            <select {...props} value={form.organisationId} onChange={(event) => set('organisationId', event.target.value)}>
              <option value="">{t('user.choose')}</option>
              {directory.organisations.map((organisation) => (
                <option key={organisation.id} value={organisation.id}>
                  {organisation.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CheckboxGroup legend={t('user.roles')} options={ROLES} selected={form.roles} onChange={(roles) => set('roles', roles)}
          error={fieldError(errors, 'roles', true)} label={(role) => t(roleKey(role))} />
        <Field label={t('user.desk')} error={fieldError(errors, 'deskId')}>
          {(props) => <DeskSelect props={props} value={form.deskId} desks={directory.desks} onChange={(value) => set('deskId', value)} />}
        </Field>
        <PasswordField label={t('user.password')} hint={t('user.passwordHint')} value={form.password} error={fieldError(errors, 'password')}
          generated={generated}
          onChange={(value) => { set('password', value); setGenerated(false); }}
          onGenerated={(value) => { set('password', value); setGenerated(true); }} />
        <FormActions label={t('user.create')} pendingLabel={t('dir.creating')} pending={pending} done={done} />
      </form>
    </section>
  );
}

function EditUserForm({ user, desks, onSaved, onClose, onUnauthorized }: {
  user: User; desks: Desk[]; onSaved(): void; onClose(): void; onUnauthorized(): void;
}) {
  const { t } = useDirectoryT();
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [deskId, setDeskId] = useState(user.deskId ?? '');
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState(false);
  const { errors, formError, pending, done, send, tell } = useFormSubmit({ onUnauthorized });

  /** Only what changed is sent, so the audit trail records the real change. */
  function changes(): UserPatchBody {
    const patch: Record<string, unknown> = {};
    if (name !== user.name) patch.name = name;
    const sameRoles = roles.length === user.roles.length && roles.every((role) => user.roles.includes(role));
    if (!sameRoles) patch.roles = roles;
    if ((deskId || null) !== user.deskId) patch.deskId = deskId || null;
    if (password) patch.password = password;
    return patch as UserPatchBody;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const patch = changes();
    if (Object.keys(patch).length === 0) return tell(t('user.nothingChanged'));
    void send(UserPatch, patch, async (data) => {
      const saved = await directoryApi.updateUser(user.id, data);
      setPassword('');
      setGenerated(false);
      onSaved();
      return t('user.saved', { email: saved.email });
    });
  }

  return (
    <section className="admin-card" aria-labelledby="edit-user-heading">
      <div className="card-head">
        <h2 id="edit-user-heading">{t('user.editOf', { email: user.email })}</h2>
        <button type="button" className="button button-small" onClick={onClose}>{t('dir.cancel')}</button>
      </div>
      <form className="admin-form" data-testid="user-edit-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'roles', 'deskId', 'password'])} />
        <div className="form-row">
          <Field label={t('user.name')} error={fieldError(errors, 'name')}>
            {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <Field label={t('user.desk')} error={fieldError(errors, 'deskId')}>
            {(props) => <DeskSelect props={props} value={deskId} desks={desks} onChange={setDeskId} />}
          </Field>
        </div>
        <CheckboxGroup legend={t('user.roles')} options={ROLES} selected={roles} onChange={setRoles}
          error={fieldError(errors, 'roles', true)} label={(role) => t(roleKey(role))} />
        <PasswordField label={t('user.newPassword')} hint={t('user.newPasswordHint')} value={password} error={fieldError(errors, 'password')}
          generated={generated}
          onChange={(value) => { setPassword(value); setGenerated(false); }}
          onGenerated={(value) => { setPassword(value); setGenerated(true); }} />
        <FormActions label={t('dir.save')} pendingLabel={t('dir.saving')} pending={pending} done={done} />
      </form>
    </section>
  );
}
