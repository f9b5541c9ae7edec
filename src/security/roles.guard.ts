import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { CONFIG, Config, Role } from '../config/config';
import { keyName, presentedKey, roleAllows, roleOfKey } from './api-keys';

const ROLE = 'ceasefire:role';
/** The role a write endpoint needs (CONTRACT section 5). Reads need none unless READ_REQUIRES_KEY. */
export const RequiresRole = (role: Role) => SetMetadata(ROLE, role);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const keys = this.config.API_KEYS;
    if (!keys) return true;
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE, [context.getHandler(), context.getClass()]);
    if (!needed && !this.config.READ_REQUIRES_KEY) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: { role: Role; name: string } }>();
    const key = presentedKey(request.headers);
    if (!key) throw new UnauthorizedException('an API key is required (x-api-key or Authorization: Bearer)');
    const role = roleOfKey(keys, key);
    if (!role) throw new UnauthorizedException('unknown API key');
    if (needed && !roleAllows(role, needed)) throw new ForbiddenException(`this needs the ${needed} role`);
    request.principal = { role, name: keyName(key, role) };
    return true;
  }
}
