// The test factories, by capability. Stripe's deliveries (./stripe) are imported on their own:
// they bring the Stripe SDK and the payment services, which most tests do not need.
export * from './applications';
export * from './contracts';
export * from './dates';
export * from './disbursements';
export * from './evaluation';
export * from './files';
export * from './needs';
export * from './people';
export * from './unique';
