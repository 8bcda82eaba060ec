import { describeFuzz } from './fuzzCase';

describeFuzz('browser');
