import { phoneTabsSuite } from './phoneTabs';

phoneTabsSuite('sipjs', Number(process.env.PHONE_TAB_HANDOVERS ?? 5));
