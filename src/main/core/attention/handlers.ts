import type { HandlerImpls } from '../registry';
import { attentionFor } from './attention';

export const attentionHandlers: HandlerImpls<'attention-list'> = {
  'attention-list': (_args, ctx) => ctx.store.read(({ db }) => attentionFor(db, ctx.caller!, ctx.now())),
};
