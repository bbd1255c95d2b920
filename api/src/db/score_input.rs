//! Loads the inputs of the score engine from the database.
