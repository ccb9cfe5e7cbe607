import { UpdateSettingsBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { getSettings, updateSettings } from './settings.service.ts';

export function settingsRoutes(route: DefineRoute, ctx: AppContext) {
  // every signed-in user reads them: the web needs the watermark flag and the password policy
  route('GET', '/api/settings', 'authenticated', async () => getSettings(ctx.db));
  route('PATCH', '/api/settings', 'settings.write', async (req, _reply, actor) => updateSettings(ctx.db, actor, parseInput(UpdateSettingsBody, req.body)));
}
