/**
 * Passwords that are guessed first. A new password is refused when, lower-cased and with look-alike digits read
 * as letters (p4ssw0rd → password), it is on the list, is a listed word with digits or symbols around it
 * (password1234, !dragon2024!), repeats one (monkeymonkey), is a keyboard or counting run (1q2w3e4r5t6y,
 * 123456789012), contains "password" or the app's name, or contains the e-mail's local part. The list: the
 * best-known entries of the public "most common passwords" lists (SecLists, NCSC top 100k, haveibeenpwned top),
 * chosen by hand; the rules catch their long variants, which are what a 12-character minimum leaves. Pure module.
 */
const WORDS = `password passwort passw0rd pass qwerty qwertz azerty letmein welcome admin administrator iloveyou
monkey dragon football baseball basketball soccer hockey sunshine princess master shadow superman batman
trustno1 starwars whatever freedom michael jennifer jordan hunter ranger harley thomas robert daniel andrew
joshua matthew charlie george jessica ashley amanda michelle nicole hannah samantha computer internet secret
login access abc abcd abcdef flower summer winter spring autumn cookie cheese chocolate butterfly purple orange
banana apple pepper ginger maggie buster tigger lovely loveme love angel angels babygirl baby family friends
forever killer hello hellokitty pokemon naruto master1 mustang corvette ferrari porsche mercedes yankees lakers
chelsea liverpool arsenal barcelona madrid juventus cowboys steelers eagles dolphins jordan23 matrix merlin
nothing silver golden diamond crystal tinkerbell snoopy scooter peanut junior biteme fuckyou fuckoff asshole
bitch sexy pussy test tester testing guest user default changeme changeit temp temporary root toor server
oracle mysql postgres database system manager office company business money dollar monday tuesday friday
sunday january february march april may june july august september october november december zaq xsw cde
qazwsx zxcvbn zxcvbnm asdfgh asdfghjkl qwertyuiop qwertyui 1qaz 2wsx mnbvcxz poiuytrewq lkjhgfdsa iloveu
myspace facebook google youtube twitter linkedin yahoo hotmail gmail outlook microsoft windows apple123 samsung
iphone android nokia sony canon nikon bangkok manila jakarta saopaulo brasil brazil thailand philippines
indonesia vietnam mexico colombia peru chile argentina india china japan korea london paris newyork berlin
sayang cinta kasih rahasia bismillah indonesia1 mahal ikaw mahalkita senha senha123 amor amorzinho futebol
flamengo corinthians palmeiras santos saopaulo1 gremio vasco botafogo cruzeiro internacional benfica porto
jesus christ god godisgood blessed faith grace heaven angel1 lucky lucky7 happy smile smiley sweet sweetie
honey sugar candy cherry strawberry blueberry rainbow unicorn dolphin tiger lion eagle falcon phoenix wolf
bear panda kitten puppy doggy kitty horse pony bubbles sparkle star stars moon galaxy universe planet rocket
ninja pirate samurai warrior knight legend hero superstar rockstar player gamer game games minecraft fortnite
roblox zelda mario sonic halo warcraft diablo starcraft counter dota league qwerty123 welcome1 letmein1
asdf asdf1234 qwer qwer1234 zxcv 1q2w3e 1q2w3e4r 1q2w3e4r5t q1w2e3r4 a1b2c3 abc123 abcd1234 aaaa aaaaaa
11111111 123123 121212 123321 654321 112233 159753 147258 258456 741852 789456 987654 666666 696969 7777777
88888888 00000000 1234abcd abcdefg abcdefgh passpass mypass mypassword yourpassword newpassword oldpassword
nopassword nopass secret1 secret123 private confidential security secure letmeinnow openup opensesame
access14 access123 welcome123 hello123 monkey123 dragon123 master123 shadow123 sunshine1 princess1 football1
iloveyou1 trustme trustnoone nobody somebody anything everything whatever1 qweasd qweasdzxc asdqwe zaq1zaq1
zaq12wsx 1qazxsw2 !qaz2wsx qazxswedc 1qaz2wsx3edc`;

const LIST = new Set(WORDS.split(/\s+/).filter(Boolean));
const APP_NAMES = ["smilepayz", "smilepay", "backoffice"];
const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedcrfvtgbyhnujmikolp", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "1q2w3e4r5t6y7u8i9o0p", "abcdefghijklmnopqrstuvwxyz"];

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };
const unleet = (s: string) => s.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);

/** A run along a keyboard row or the alphabet/digits, forwards or backwards (with wrap-around on digits). */
function isRun(s: string): boolean {
  if (s.length < 4) return false;
  return KEYBOARD_ROWS.some((row) => {
    const twice = row + row;
    const back = [...twice].reverse().join("");
    return twice.includes(s) || back.includes(s);
  });
}

/** The same chunk repeated (monkeymonkey, abcabcabcabc, 12121212). */
function isRepeat(s: string): boolean {
  for (let n = 1; n <= s.length / 2; n += 1) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return true;
  }
  return false;
}

function isCommonCore(core: string): boolean {
  if (core.length === 0) return true;
  if (LIST.has(core) || isRun(core) || isRepeat(core)) return true;
  // Two listed words or runs glued together (qwerty123456, iloveyoudragon).
  for (let i = 3; i < core.length - 2; i += 1) {
    const [a, b] = [core.slice(0, i), core.slice(i)];
    if ((LIST.has(a) || isRun(a)) && (LIST.has(b) || isRun(b) || isRepeat(b))) return true;
  }
  return false;
}

/** Why a new password is too easy to guess, or null. `email`: the account's, when known (its local part is refused). */
export function commonPasswordProblem(password: string, email?: string | null): string | null {
  const lower = password.toLowerCase();
  const plain = unleet(lower);
  if (/pass(w|vv)(o|0)?r?d/.test(lower) || plain.includes("password") || plain.includes("passwort")) {
    return "Too easy to guess: it contains the word “password”";
  }
  if (APP_NAMES.some((n) => plain.replace(/[^a-z]/g, "").includes(n) || lower.includes(n))) return "Too easy to guess: it contains the app's name";
  const local = email?.split("@")[0]?.toLowerCase().replace(/[^a-z0-9]/g, "") ?? "";
  if (local.length >= 3 && (lower.replace(/[^a-z0-9]/g, "").includes(local) || plain.replace(/[^a-z0-9]/g, "").includes(local))) {
    return "Too easy to guess: it contains your e-mail address";
  }
  // The core: what is left without the digits and symbols around it (and the digits of the core read as letters).
  const stripped = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const candidates = [lower, plain, stripped, unleet(stripped), lower.replace(/[^a-z0-9]/g, "")];
  if (candidates.some(isCommonCore)) return "Too common: it is on the list of passwords that are guessed first";
  return null;
}
