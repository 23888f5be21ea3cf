/**
 * Foreign references between entries (`service:` of a route, `route:` / `service:` of a plugin):
 * a string (a name or an id) or a record `{ id }` / `{ name }`, as Kong's declarative format takes them.
 * @see kong/db/schema/others/declarative_config.lua (validate_references)
 */
import { IssueList, at, isRecord, type Fields } from './fields';

export interface Reference {
  /** `key` when the value may be a name or an id (a plain string). */
  by: 'id' | 'name' | 'key';
  value: string;
  /** Where it was written, for messages. */
  path: string;
  /** The field name, for messages (`service`, `route`). */
  field: string;
}

export function readReference(entry: Fields, field: string, path: string, issues: IssueList): Reference | undefined {
  const value = entry[field];
  const where = at(path, field);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { by: 'key', value, path: where, field };
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.id === 'string') return { by: 'id', value: value.id, path: where, field };
    if (keys.length === 1 && typeof value.name === 'string') return { by: 'name', value: value.name, path: where, field };
  }
  issues.add(where, 'expected a name, an id, or a record with one of them ({ id: ... } or { name: ... })');
  return undefined;
}

/** Entities of one kind, by id and by name, for settling references. */
export class EntityIndex<T> {
  private readonly byId = new Map<string, T>();
  private readonly byName = new Map<string, T>();

  constructor(private readonly kind: string) {}

  /** Registers an entity; reports a second entity with the same id or name as Kong does. */
  add(entity: T, id: string, name: string | undefined, path: string, issues: IssueList): void {
    if (name !== undefined) {
      if (this.byName.has(name)) {
        issues.add(path, `uniqueness violation: '${this.kind}' entity with name set to '${name}' already declared`);
        return;
      }
      this.byName.set(name, entity);
    }
    if (this.byId.has(id)) {
      issues.add(path, `uniqueness violation: '${this.kind}' entity with primary key set to '${id}' already declared`);
      return;
    }
    this.byId.set(id, entity);
  }

  find(ref: Reference): T | undefined {
    switch (ref.by) {
      case 'id':
        return this.byId.get(ref.value.toLowerCase());
      case 'name':
        return this.byName.get(ref.value);
      case 'key':
        return this.byName.get(ref.value) ?? this.byId.get(ref.value.toLowerCase());
    }
  }

  /** Finds the entity, or reports Kong's message for a dangling reference. */
  resolve(ref: Reference, issues: IssueList): T | undefined {
    const found = this.find(ref);
    if (found === undefined) {
      issues.add(ref.path, `invalid reference '${ref.field}: ${ref.value}' (no such entry in '${this.kind}')`);
    }
    return found;
  }
}
