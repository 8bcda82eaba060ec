import { phoneTabsSuite } from './phoneTabs';

phoneTabsSuite('jssip', Number(process.env.PHONE_TAB_HANDOVERS ?? 5));
