import { createContext, useContext } from 'react';

// The server renders with the request's CSP nonce; in the browser the value is not needed
// (scripts are already running) and stays empty.
export const NonceContext = createContext('');
export const useNonce = () => useContext(NonceContext);
