import { failoverCommand } from '../failover-command.js';

export default failoverCommand('failover');
