-- Before all_merchants existed, a user with no user_merchants rows saw every merchant. Keep what existing users
-- could see; from now on an empty list sees nothing and "all merchants" is this explicit flag.
UPDATE users SET all_merchants = true
 WHERE NOT EXISTS (SELECT 1 FROM user_merchants um WHERE um.user_id = users.id);
