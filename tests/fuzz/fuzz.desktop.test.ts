import { describeFuzz } from './fuzzCase';

describeFuzz('desktop');
