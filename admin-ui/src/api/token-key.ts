/** The sessionStorage key of the admin UI's access token; the GraphiQL page reads it too. */
export const TOKEN_KEY = 'partnergraph.token';
