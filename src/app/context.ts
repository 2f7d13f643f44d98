import type { Logger } from 'pino';
import type { Permission } from '../core/auth/permissions.ts';
import { AppError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import type { Scope } from '../db/repos/scope.ts';

export interface Actor {
  id: number;
  username: string;
  fullName: string;
  roles: number[];
  permissions: Permission[];
}

/**
 * Everything an operation needs, passed explicitly so HTTP, CLI and jobs call the same functions.
 * `scope` is the subtree the actor may see; every repository read takes it.
 */
export interface Ctx {
  db: Db;
  actor: Actor;
  scope: Scope;
  requestId: string;
  log: Logger;
}

export function requirePermission(ctx: Ctx, permission: Permission): void {
  if (!ctx.actor.permissions.includes(permission)) throw new AppError('FORBIDDEN_ACTION', { permission });
}
