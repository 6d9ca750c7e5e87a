export const SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans',
  'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Lewis', 'James', 'Phillips',
  'Mason', 'Mitchell', 'Rose', 'Davis', 'Rodgers', 'Cooper', 'Harris', 'Morris', 'Ward', 'Turner', 'Hughes', 'Edwards',
  'Collins', 'Stewart', 'Morgan', 'Bell', 'Murphy', 'Bailey', 'Price', 'Kelly', 'Griffiths', 'Barker', 'Atkinson', 'Holmes',
  'Kennedy', 'Walsh', "O'Brien", 'McDonald', 'Begum', 'Ahmed', 'Hussain', 'Ali', 'Nowak', 'Kowalski', 'Okafor', 'Mensah',
  'Campbell', 'Fletcher', 'Shaw', 'Lloyd', 'Marshall', 'Gibson', 'Ellis', 'Reid', 'Pearson', 'Hunt', 'Chapman', 'Dixon',
  'Webb', 'Lee', 'Carter', 'Knight', 'Parker', 'Spencer', 'Burton', 'Hayes', 'Riley', 'Sutton', 'Fox', 'Grant', 'Nash',
  'Doyle', 'Lynch', 'Ryan', 'Burke', 'Quinn', 'Francis', 'Haynes', 'Bennett', 'Brooks', 'Sharp', 'Day', 'Barnes', 'Hill',
] as const;

export const FORENAMES = [
  'John', 'David', 'Michael', 'Paul', 'Mark', 'James', 'Andrew', 'Peter', 'Steven', 'Robert', 'Daniel', 'Lee', 'Craig',
  'Gary', 'Wayne', 'Darren', 'Jason', 'Kevin', 'Thomas', 'Christopher', 'Ryan', 'Liam', 'Jordan', 'Connor', 'Callum',
  'Kyle', 'Jack', 'Joshua', 'Nathan', 'Adam', 'Shane', 'Dean', 'Carl', 'Anthony', 'Stuart', 'Martin', 'Ian', 'Neil',
  'Mohammed', 'Imran', 'Tariq', 'Kwame', 'Tomasz', 'Piotr', 'Sean', 'Declan', 'Aaron', 'Reece', 'Bradley', 'Kieran',
] as const;

export const MIDDLE_NAMES = ['', '', '', 'Anthony', 'James', 'Lee', 'John', 'Paul', 'Michael', 'Edward'] as const;

export const PDUS = [
  'Leeds', 'Sheffield', 'Bradford and Calderdale', 'Hull and East Riding', 'Wakefield', 'Kirklees', 'Doncaster',
  'Rotherham', 'York and North Yorkshire', 'Manchester North', 'Newcastle', 'Nottingham City',
] as const;

export const COM_NAMES = [
  'Sarah Ahmed', 'Helen Bradshaw', 'Gareth Price', 'Nadia Hussain', 'Claire Whitfield', 'Tom Entwistle', 'Ruth Osei',
  'Joanne Pickering', 'Dev Sharma', 'Emma Lowther', 'Chris Dunn', 'Aisha Malik', 'Ben Thornton', 'Lucy Fairbairn',
  'Matt Greaves', 'Priya Nair', 'Kate Holroyd', 'Simon Ellery',
] as const;

export const STAFF = [
  { name: 'Rachel Okoro', roles: ['senior-manager', 'irmt-chair'] },
  { name: 'Graham Whitely', roles: ['senior-manager'] },
  { name: 'Anna Patel', roles: ['pom'] },
  { name: 'Tom Reid', roles: ['pom'] },
  { name: 'Jess Lambert', roles: ['pom'] },
  { name: 'Mohammed Iqbal', roles: ['pom'] },
  { name: 'Karen Doyle', roles: ['pom'] },
  { name: 'Dan Firth', roles: ['pom', 'irmt-chair'] },
  { name: 'Lisa Marsh', roles: ['case-administrator'] },
  { name: 'Paul Hendry', roles: ['case-administrator'] },
  { name: 'Sam Noble', roles: ['administrator'] },
] as const;
